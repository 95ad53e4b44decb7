package io.yantar.consensus.core;

import io.yantar.consensus.core.message.PeerMessage;

/** Everything that can happen to a replica. Time is an input too. */
public sealed interface Input {
    /** A message from a peer; {@code sender} is the transport's claim, never trusted for authorship. */
    record FromPeer(int sender, PeerMessage message) implements Input {
    }

    /** A client request payload received by this node. */
    record ClientRequest(Bytes payload) implements Input {
    }

    /** The clock, handed in; timers are counted against it. */
    record Tick(long nowMillis) implements Input {
    }

    /** The application executed {@code height}; {@code stateDigest} is the block hash there. */
    record Executed(long height, Bytes stateDigest) implements Input {
    }

    /** State transfer brought the application to {@code height}, proven by {@code certificate}. */
    record StateTransferred(long height, Bytes stateDigest, CheckpointCertificate certificate) implements Input {
    }

    /**
     * The ledger executed the block that schedules epoch {@code next.epoch()} from
     * {@code next.startHeight()} (a checkpoint height plus one). The node hands it in before it reports
     * that block {@link Executed} (and, after a state transfer, before {@link StateTransferred}), and
     * at start-up for every epoch the ledger knows. The core never looks into payloads.
     */
    record EpochScheduled(ValidatorSet next) implements Input {
    }
}
