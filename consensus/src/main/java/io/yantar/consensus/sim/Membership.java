package io.yantar.consensus.sim;

import io.yantar.consensus.core.ValidatorSet;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The simulator's membership scenarios: the members of each epoch, in order. Every node of the
 * universe ({@code replica-0 .. replica-(universe-1)}) runs from the start; one outside the current
 * set is an observer. The first {@link #steadyMembers} replicas are in every set at the same
 * position: the Byzantine replica and its key are drawn among them.
 */
public enum Membership {
    /** One fixed set. */
    NONE,
    /** 4 -> 5 -> 7 validators. */
    GROW,
    /** 7 -> 4 validators. */
    SHRINK,
    /** 4 validators; replica-3's machine is replaced by replica-4 (a new id and key). */
    REPLACE;

    /** The member lists of epochs 0, 1, ... ({@code replicas} is the genesis size of {@link #NONE}). */
    List<List<String>> sets(int replicas) {
        return switch (this) {
            case NONE -> List.of(ids(replicas));
            case GROW -> List.of(ids(4), ids(5), ids(7));
            case SHRINK -> List.of(ids(7), ids(4));
            case REPLACE -> List.of(ids(4), List.of("replica-0", "replica-1", "replica-2", "replica-4"));
        };
    }

    int universe(int replicas) {
        return switch (this) {
            case NONE -> replicas;
            case GROW, SHRINK -> 7;
            case REPLACE -> 5;
        };
    }

    int steadyMembers(int replicas) {
        return switch (this) {
            case NONE -> replicas;
            case GROW, SHRINK -> 4;
            case REPLACE -> 3;
        };
    }

    /** The genesis set. */
    ValidatorSet genesis(int replicas) {
        return new ValidatorSet(0, 0, sets(replicas).get(0));
    }

    private static List<String> ids(int n) {
        return IntStream.range(0, n).mapToObj(i -> "replica-" + i).toList();
    }

    public static Membership parse(String flag) {
        return valueOf(flag.toUpperCase(java.util.Locale.ROOT));
    }
}
