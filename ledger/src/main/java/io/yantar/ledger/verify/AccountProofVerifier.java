package io.yantar.ledger.verify;

import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.merkle.AccountProofs;
import io.yantar.proto.AccountProofBundle;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Genesis;
import java.util.Optional;

/**
 * Verifies an account's balance and nonce (or that the address has no account) at a height
 * without trusting a node: account -> state root (sparse Merkle proof) -> header ->
 * checkpoint certificate of a quorum of the validators of its epoch (learnt from the genesis
 * and the bundle's epoch changes).
 */
public final class AccountProofVerifier {
    private final String chainId;
    private final AccountProofs proofs;
    private final EpochCertificates certificates;
    private final CheckpointLink checkpointLink;

    public AccountProofVerifier(Genesis genesis, CryptoSuite suite, LedgerLimits limits) {
        this.chainId = genesis.getChainId();
        this.proofs = new AccountProofs(suite);
        this.certificates = new EpochCertificates(suite, chainId, genesis.getValidators());
        this.checkpointLink = new CheckpointLink(new BlockHashes(suite), limits.proofHeadersMax());
    }

    public Verdict verify(AccountProofBundle bundle) {
        BlockHeader header = bundle.getHeader();
        if (!chainId.equals(header.getChainId())) {
            return Verdict.refused("the header is for chain '" + header.getChainId() + "', not '" + chainId + "'");
        }
        if (bundle.hasAbsence()) {
            if (bundle.hasProof()) {
                return Verdict.refused("the bundle claims both an account and its absence");
            }
            if (!proofs.verifyAbsence(bundle.getAbsence(), header.getStateRoot())) {
                return Verdict.refused("the absence proof does not lead to the header's state root");
            }
        } else if (!proofs.verify(bundle.getProof(), header.getStateRoot())) {
            return Verdict.refused("the account proof does not lead to the header's state root");
        }
        Parsed<ValidatorHistory> history = certificates.walk(bundle.getEpochChangesList());
        if (!history.isOk()) {
            return Verdict.refused(history.reasonOrEmpty());
        }
        Optional<String> problem = certificates.checkCheckpoint(history.orThrow(), bundle.getCheckpointCertificate())
                .or(() -> checkpointLink.check(header, bundle.getHeadersToCheckpointList(), bundle.getCheckpointCertificate()));
        return problem.map(Verdict::refused).orElseGet(Verdict::accepted);
    }
}
