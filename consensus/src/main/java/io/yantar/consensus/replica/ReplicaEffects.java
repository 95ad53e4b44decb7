package io.yantar.consensus.replica;

import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.RejectReason;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.StateFetch;
import java.util.List;

/**
 * Where the replica actor carries the core's outputs once what they depend on is durable.
 * Implemented by the node (transport to peers, ledger execution, state transfer, metrics).
 * Called on the replica actor's thread: implementations hand work off, they never block.
 */
public interface ReplicaEffects {
    void send(Outbound message);

    /** Committed blocks arrive strictly in height order; execute, then tell the replica {@link ReplicaActor.Executed}. */
    void committed(CommittedBlock block);

    void checkpointStable(CheckpointCertificate certificate);

    void fetchState(StateFetch fetch);

    void rejected(RejectReason reason);

    /** The replica started a view change ({@code changing}) or entered {@code view} in normal operation. */
    default void viewChanged(long view, boolean changing) {
    }

    /** The replica was not running for {@code millis} (a pause its core detected), which its timers leave out. */
    default void stalled(long millis) {
    }

    /**
     * The replica is in the epoch of {@code validators} (at start, and at each switch): the
     * positions of {@link Outbound#to()} in what it sends from now on are positions in this set.
     */
    default void epochEntered(ValidatorSet validators) {
    }

    /** The replica asks its journal to make these records durable (for timing journal writes and phases at the edge). */
    default void persisting(List<DurableRecord> records) {
    }

    /** These records are durable; called before the messages that depend on them are sent. */
    default void persisted(List<DurableRecord> records) {
    }

    /**
     * The replica failed (a journal write or read failed, or a handler threw) and will restart
     * from its journal after a backoff; until {@link #recovered} it answers nothing.
     */
    default void restarting() {
    }

    /** The replica replayed its journal and runs (after its first start or a restart). */
    default void recovered() {
    }

    /**
     * The replica stopped for good and will not restart by itself: a broken internal invariant
     * (it stops loudly rather than risk signing something it should not), or its node is stopping.
     */
    default void stopped(String reason) {
    }
}
