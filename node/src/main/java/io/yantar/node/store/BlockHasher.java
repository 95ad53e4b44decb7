package io.yantar.node.store;

import com.google.protobuf.ByteString;
import io.yantar.proto.BlockHeader;

/**
 * The block hash the chain links by ({@code prev_block_hash}). Defined by the ledger; the
 * store only uses it to check that appended blocks extend the chain it holds.
 */
@FunctionalInterface
public interface BlockHasher {
    ByteString hash(BlockHeader header);
}
