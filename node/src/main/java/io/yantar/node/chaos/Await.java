package io.yantar.node.chaos;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, with a bound: the harness never sleeps for a fixed time to synchronise. */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Thrown when a condition did not hold within its bound; the message says what was awaited. */
    public static final class TimedOut extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TimedOut(String message) {
            super(message);
        }
    }

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new TimedOut("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TimedOut("interrupted waiting until " + what);
            }
        }
    }
}
