package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Receipt;
import io.yantar.proto.ValidatorSet;
import java.util.List;
import java.util.Optional;

/**
 * A block as executed: header, transactions and receipts, with its hash (the chain link and
 * checkpoint digest), and the next epoch's validator set when this block's approvals
 * scheduled or revised it (the node hands it to the consensus core; a later block may revise
 * the same epoch again before it starts, the last one exposed wins).
 */
public record ExecutedBlock(Block block, ByteString blockHash, Optional<ValidatorSet> scheduledEpoch) {

    public ExecutedBlock(Block block, ByteString blockHash) {
        this(block, blockHash, Optional.empty());
    }

    public BlockHeader header() {
        return block.getHeader();
    }

    public List<Receipt> receipts() {
        return block.getReceiptsList();
    }
}
