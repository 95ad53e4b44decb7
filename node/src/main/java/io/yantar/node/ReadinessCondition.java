package io.yantar.node;

import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * One condition of {@code /health/ready}. The node adds "cluster member Up" and "block store
 * recovered"; the replica adds its own (e.g. "caught up with the validators").
 */
@FunctionalInterface
public interface ReadinessCondition {
    /** Empty when met; otherwise a short phrase saying what is missing, e.g. "block store recovering". */
    Optional<String> unmetReason();

    static ReadinessCondition of(String reasonWhenUnmet, BooleanSupplier met) {
        return () -> met.getAsBoolean() ? Optional.empty() : Optional.of(reasonWhenUnmet);
    }
}
