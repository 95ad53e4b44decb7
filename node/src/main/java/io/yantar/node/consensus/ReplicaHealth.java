package io.yantar.node.consensus;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Whether the replica actor runs, as its effects report it: for {@code /health/ready} (503 with
 * the reason while it restarts or after it stopped) and {@code /v1/status}. Safe to read from
 * any thread.
 */
final class ReplicaHealth {
    private final AtomicBoolean restarting = new AtomicBoolean();
    private final AtomicReference<String> stoppedBecause = new AtomicReference<>();

    void restarting() {
        restarting.set(true);
    }

    void recovered() {
        restarting.set(false);
    }

    /** Keeps the first reason: later ones (the node stopping) only follow from it. */
    void stopped(String reason) {
        stoppedBecause.compareAndSet(null, reason);
    }

    /** Empty while the replica runs; otherwise why it does not. */
    Optional<String> notRunningBecause() {
        String stopped = stoppedBecause.get();
        if (stopped != null) {
            return Optional.of(stopped);
        }
        return restarting.get() ? Optional.of("the replica failed and is restarting from its journal") : Optional.empty();
    }
}
