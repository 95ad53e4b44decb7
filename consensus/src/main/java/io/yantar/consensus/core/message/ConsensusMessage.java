package io.yantar.consensus.core.message;

/** Everything a replica signs. {@link #replica()} is the signer's index in the epoch's validator set. */
public sealed interface ConsensusMessage permits Vote, Checkpoint, ViewChange, NewView {
    long epoch();

    int replica();
}
