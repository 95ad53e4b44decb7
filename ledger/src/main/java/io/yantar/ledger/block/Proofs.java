package io.yantar.ledger.block;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.merkle.MerkleTree;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CommitCertificate;
import io.yantar.proto.MerkleProof;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import java.util.ArrayList;
import java.util.List;

/** Builds the proofs a node serves about a stored block: inclusion, receipt, and the whole receipt bundle. */
public final class Proofs {
    private final CryptoSuite suite;
    private final MerkleTree merkleTree;
    private final BlockHashes hashes;

    public Proofs(CryptoSuite suite) {
        this.suite = suite;
        this.merkleTree = new MerkleTree(suite);
        this.hashes = new BlockHashes(suite);
    }

    public MerkleProof inclusionProof(Block block, int index) {
        List<ByteString> txIds = new ArrayList<>(block.getTransactionsCount());
        for (ByteString payload : block.getTransactionsList()) {
            txIds.add(ByteString.copyFrom(suite.hash(payload.toByteArray())));
        }
        return merkleTree.proof(txIds, index);
    }

    public MerkleProof receiptProof(Block block, int index) {
        List<ByteString> receiptHashes = new ArrayList<>(block.getReceiptsCount());
        for (Receipt receipt : block.getReceiptsList()) {
            receiptHashes.add(hashes.receiptHash(receipt));
        }
        return merkleTree.proof(receiptHashes, index);
    }

    public ReceiptBundle receiptBundle(Block block, int index, CommitCertificate commitCertificate,
                                       CheckpointCertificate checkpointCertificate, List<BlockHeader> headersToCheckpoint) {
        return ReceiptBundle.newBuilder()
                .setSignedTransaction(block.getTransactions(index))
                .setReceipt(block.getReceipts(index))
                .setInclusionProof(inclusionProof(block, index))
                .setReceiptProof(receiptProof(block, index))
                .setHeader(block.getHeader())
                .setCommitCertificate(commitCertificate)
                .setCheckpointCertificate(checkpointCertificate)
                .addAllHeadersToCheckpoint(headersToCheckpoint)
                .build();
    }
}
