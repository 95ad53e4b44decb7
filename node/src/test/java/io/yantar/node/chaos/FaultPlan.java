package io.yantar.node.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The faults of one run, from its seed alone (so a failing run replays with the same seed):
 * one fault at a time, on a node drawn at random, each followed by a quiet gap, until the fault
 * window is used up. One fault at a time keeps at most f = 1 of 4 validators faulty, where PBFT
 * promises both safety and progress.
 */
record FaultPlan(long seed, List<Step> steps) {

    /** A fault starting {@code atMillis} after the fault window opens. */
    record Step(long atMillis, Fault fault) {
    }

    record Limits(long faultMillisMin, long faultMillisMax, long gapMillisMin, long gapMillisMax) {
        static final Limits DEFAULT = new Limits(3_000, 9_000, 2_000, 5_000);
    }

    static FaultPlan of(long seed, long windowMillis, int nodes, Limits limits) {
        Random random = new Random(seed);
        List<Step> steps = new ArrayList<>();
        long at = 0;
        while (true) {
            long duration = between(random, limits.faultMillisMin(), limits.faultMillisMax());
            if (at + duration > windowMillis) {
                break;
            }
            int node = 1 + random.nextInt(nodes);
            Fault fault = random.nextBoolean() ? new Fault.Kill(node, duration) : new Fault.Pause(node, duration);
            steps.add(new Step(at, fault));
            at += duration + between(random, limits.gapMillisMin(), limits.gapMillisMax());
        }
        return new FaultPlan(seed, List.copyOf(steps));
    }

    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }
}
