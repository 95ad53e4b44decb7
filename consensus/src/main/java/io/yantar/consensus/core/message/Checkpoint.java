package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** After executing a checkpoint height: the block hash (covering the state root) there. */
public record Checkpoint(long epoch, long height, Bytes stateDigest, int replica) implements ConsensusMessage {
}
