package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.proto.Block;
import io.yantar.proto.Genesis;

/** The ledger at height 0, block 0 that commits the genesis, and its hash: the chain identity. */
public record LoadedGenesis(Genesis genesis, LedgerState state, Block block0, ByteString chainIdentity) {
}
