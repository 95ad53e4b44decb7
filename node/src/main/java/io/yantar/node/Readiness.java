package io.yantar.node;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/** The node is ready when every registered condition is met. Conditions may be added while running. */
public final class Readiness {
    private final List<ReadinessCondition> conditions = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> firstReady = new CompletableFuture<>();

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

    /** Completes the first time the node is seen ready (the node guardian's check); never again. */
    public CompletionStage<Void> firstReady() {
        return firstReady;
    }

    /** Called by the node guardian when it sees every condition met. */
    void seenReady() {
        firstReady.complete(null);
    }
}
