package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.merkle.MerkleTree;
import io.yantar.ledger.tx.PayloadValidator;
import io.yantar.ledger.tx.Refusal;
import io.yantar.ledger.tx.Validation;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Proposal;
import io.yantar.proto.Receipt;
import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Executes a committed proposal on the ledger state and builds its block. Every payload is
 * validated again (a faulty primary may have ordered garbage); a payload refused statelessly
 * or statefully stays in the block with a failed receipt, so every replica reaches the same
 * state. A null proposal executes as an empty block; its flag is part of the digest. The
 * header carries the epoch of its height, and the last block of an epoch names the hash of
 * the next epoch's set (what an auditor walks to learn later sets).
 */
public final class BlockExecutor {
    private final PayloadValidator validator;
    private final MerkleTree merkleTree;
    private final BlockHashes hashes;
    private final ProposalDigests digests;

    public BlockExecutor(CryptoSuite suite, String chainId, PayloadValidator validator) {
        this.validator = validator;
        this.merkleTree = new MerkleTree(suite);
        this.hashes = new BlockHashes(suite);
        this.digests = new ProposalDigests(suite, chainId);
    }

    /**
     * Executes {@code proposal} at the next height of {@code state}, mutating it.
     *
     * @throws IllegalStateException when the proposal is not for the next height: the node
     *     must execute committed heights in order, anything else is a bug to stop on
     */
    public ExecutedBlock execute(LedgerState state, Proposal proposal) {
        long height = state.height() + 1;
        if (proposal.getHeight() != height) {
            throw new IllegalStateException("proposal for height " + proposal.getHeight()
                    + " executed on a ledger at height " + state.height());
        }
        ValidatorSet latestEpochBefore = state.validatorHistory().latest();
        TransactionExecutor transactions = new TransactionExecutor(state);
        int count = proposal.getPayloadsCount();
        List<ByteString> txIds = new ArrayList<>(count);
        List<ByteString> receiptHashes = new ArrayList<>(count);
        Block.Builder block = Block.newBuilder();
        for (int index = 0; index < count; index++) {
            ByteString payload = proposal.getPayloads(index);
            Validation validation = validator.validate(payload);
            Optional<Refusal> refusal = validation instanceof Validation.Valid valid
                    ? transactions.execute(valid.transaction(), height)
                    : Optional.of(refusalOf((Validation.Invalid) validation));
            Receipt receipt = receipt(validation.txId(), height, index, refusal);
            txIds.add(validation.txId());
            receiptHashes.add(hashes.receiptHash(receipt));
            block.addTransactions(payload).addReceipts(receipt);
        }
        ByteString txRoot = ByteString.copyFrom(merkleTree.root(txIds));
        ValidatorHistory history = state.validatorHistory();
        BlockHeader.Builder header = BlockHeader.newBuilder()
                .setChainId(state.chainId())
                .setHeight(height)
                .setPrevBlockHash(state.lastBlockHash())
                .setTxRoot(txRoot)
                .setReceiptsRoot(ByteString.copyFrom(merkleTree.root(receiptHashes)))
                .setStateRoot(state.stateRoot())
                .setTimestampMillis(proposal.getTimestampMillis())
                .setProposer(proposal.getProposer())
                .setView(proposal.getView())
                .setEpoch(history.setAt(height).getEpoch())
                .setProposalDigest(ByteString.copyFrom(digests.digest(digests.summary(proposal, txRoot))))
                .setNullBlock(proposal.getNullBlock());
        history.startingAt(height + 1).ifPresent(next -> header.setNextValidatorsHash(hashes.validatorSetHash(next)));
        ByteString blockHash = hashes.blockHash(header.build());
        state.advanceTip(height, blockHash, proposal.getTimestampMillis());
        Optional<ValidatorSet> scheduled = history.latest().equals(latestEpochBefore)
                ? Optional.empty() : Optional.of(history.latest());
        return new ExecutedBlock(block.setHeader(header).build(), blockHash, scheduled);
    }

    private static Refusal refusalOf(Validation.Invalid invalid) {
        return Refusal.of(invalid.reason(), invalid.detail());
    }

    private static Receipt receipt(ByteString txId, long height, int index, Optional<Refusal> refusal) {
        Receipt.Builder receipt = Receipt.newBuilder()
                .setTxId(txId)
                .setHeight(height)
                .setIndex(index)
                .setSuccess(refusal.isEmpty());
        refusal.ifPresent(r -> receipt.setReasonCode(r.code().name()).setDetail(r.detail()));
        return receipt.build();
    }
}
