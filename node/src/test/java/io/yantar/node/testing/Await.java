package io.yantar.node.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition by polling it, with a bound; tests never sleep for a fixed time. */
public final class Await {
    private Await() {
    }

    public static void until(String what, BooleanSupplier condition, Duration timeout) {
        io.yantar.node.chaos.Await.until(what, condition, timeout);
    }
}
