package io.yantar.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The node is ready when every registered condition is met. Conditions may be added while running. */
public final class Readiness {
    private final List<ReadinessCondition> conditions = new CopyOnWriteArrayList<>();

    public void add(ReadinessCondition condition) {
        conditions.add(condition);
    }

    /** The reasons of the unmet conditions, in registration order; empty when ready. */
    public List<String> unmetReasons() {
        return conditions.stream().map(ReadinessCondition::unmetReason).flatMap(Optional::stream).toList();
    }

    public boolean isReady() {
        return unmetReasons().isEmpty();
    }
}
