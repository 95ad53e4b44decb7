package io.yantar.ledger.verify;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.merkle.MerkleTree;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.Genesis;
import io.yantar.proto.MerkleProof;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import java.util.Arrays;
import java.util.Optional;

/**
 * What an auditor runs: given only the genesis (its validator keys) and the epoch changes the
 * bundle carries (verified from the genesis on by {@link EpochCertificates}), decides whether a
 * {@link ReceiptBundle} proves that a signed transaction was ordered and executed with the
 * stated receipt. It trusts no node: the transaction's signature and id, its inclusion in
 * the header's tx root, the receipt's inclusion in the receipts root, the proposal digest
 * recomputed from the header against 2f+1 signed commits, and the header's hash (covering
 * state and receipts roots) against 2f+1 signed checkpoints are all checked here.
 */
public final class ReceiptVerifier {
    private final String chainId;
    private final StatelessValidator transactions;
    private final MerkleTree merkleTree;
    private final BlockHashes hashes;
    private final ProposalDigests digests;
    private final EpochCertificates certificates;
    private final CheckpointLink checkpointLink;

    public ReceiptVerifier(Genesis genesis, CryptoSuite suite, LedgerLimits limits) {
        this.chainId = genesis.getChainId();
        this.transactions = new StatelessValidator(suite, chainId, limits);
        this.merkleTree = new MerkleTree(suite);
        this.hashes = new BlockHashes(suite);
        this.digests = new ProposalDigests(suite, chainId);
        this.certificates = new EpochCertificates(suite, chainId, genesis.getValidators());
        this.checkpointLink = new CheckpointLink(hashes, limits.proofHeadersMax());
    }

    /** Never throws: every malformed or tampered part yields a refusal naming it. */
    public Verdict verify(ReceiptBundle bundle) {
        Validation validation = transactions.validate(bundle.getSignedTransaction());
        if (validation instanceof Validation.Invalid invalid) {
            return Verdict.refused("the transaction is invalid: " + invalid.reason() + " (" + invalid.detail() + ")");
        }
        ByteString txId = validation.txId();
        BlockHeader header = bundle.getHeader();
        Parsed<ValidatorHistory> walked = certificates.walk(bundle.getEpochChangesList());
        if (!walked.isOk()) {
            return Verdict.refused(walked.reasonOrEmpty());
        }
        ValidatorHistory history = walked.orThrow();
        Optional<String> problem = checkHeaderIdentity(header)
                .or(() -> checkReceipt(bundle.getReceipt(), txId, header, bundle.getInclusionProof(), bundle.getReceiptProof()))
                .or(() -> checkCommitCertificate(history, header, bundle.getCommitCertificate()))
                .or(() -> certificates.checkCheckpoint(history, bundle.getCheckpointCertificate()))
                .or(() -> checkpointLink.check(header, bundle.getHeadersToCheckpointList(), bundle.getCheckpointCertificate()));
        return problem.map(Verdict::refused).orElseGet(Verdict::accepted);
    }

    private Optional<String> checkHeaderIdentity(BlockHeader header) {
        if (!chainId.equals(header.getChainId())) {
            return Optional.of("the header is for chain '" + header.getChainId() + "', not '" + chainId + "'");
        }
        return Optional.empty();
    }

    private Optional<String> checkReceipt(Receipt receipt, ByteString txId, BlockHeader header,
                                          MerkleProof inclusion, MerkleProof receiptProof) {
        if (!receipt.getTxId().equals(txId)) {
            return Optional.of("the receipt is for another transaction");
        }
        if (receipt.getHeight() != header.getHeight()) {
            return Optional.of("the receipt is for height " + receipt.getHeight() + ", the header is " + header.getHeight());
        }
        if (inclusion.getLeafIndex() != Integer.toUnsignedLong(receipt.getIndex())
                || receiptProof.getLeafIndex() != inclusion.getLeafIndex()
                || receiptProof.getLeafCount() != inclusion.getLeafCount()) {
            return Optional.of("the proofs do not place the transaction and its receipt at the receipt's index");
        }
        if (!merkleTree.verify(txId, inclusion, header.getTxRoot())) {
            return Optional.of("the inclusion proof does not lead to the header's tx root");
        }
        if (!merkleTree.verify(hashes.receiptHash(receipt), receiptProof, header.getReceiptsRoot())) {
            return Optional.of("the receipt proof does not lead to the header's receipts root");
        }
        return Optional.empty();
    }

    private Optional<String> checkCommitCertificate(ValidatorHistory history, BlockHeader header,
                                                    CommitCertificate certificate) {
        byte[] digest = digests.digest(header);
        if (!Arrays.equals(digest, header.getProposalDigest().toByteArray())) {
            return Optional.of("the header's proposal digest does not match its fields");
        }
        if (!certificate.getProposalDigest().equals(header.getProposalDigest())
                || certificate.getHeight() != header.getHeight() || certificate.getEpoch() != header.getEpoch()) {
            return Optional.of("the commit certificate is for another proposal, height or epoch");
        }
        if (Long.compareUnsigned(certificate.getView(), header.getView()) < 0) {
            return Optional.of("the commit certificate's view precedes the proposal's view");
        }
        return certificates.checkCommit(history, certificate);
    }
}
