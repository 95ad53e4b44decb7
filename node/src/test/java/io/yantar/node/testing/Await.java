package io.yantar.node.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, with a bound; tests never sleep for a fixed time. */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting until " + what);
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what, e);
            }
        }
    }
}
