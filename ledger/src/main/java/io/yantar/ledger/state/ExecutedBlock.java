package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Receipt;
import java.util.List;

/** A block as executed: header, transactions and receipts, with its hash (the chain link and checkpoint digest). */
public record ExecutedBlock(Block block, ByteString blockHash) {

    public BlockHeader header() {
        return block.getHeader();
    }

    public List<Receipt> receipts() {
        return block.getReceiptsList();
    }
}
