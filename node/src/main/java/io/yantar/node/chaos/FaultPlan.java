package io.yantar.node.chaos;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The faults of one run, from its seed alone (so a failing run replays with the same seed):
 * one fault at a time, on a node drawn at random, each followed by a quiet gap, until the fault
 * window is used up. One fault at a time keeps at most f = 1 of 4 validators faulty, where PBFT
 * promises both safety and progress (a Byzantine node running beside them makes a second
 * faulty one: progress may stop during a fault, safety may not).
 */
record FaultPlan(long seed, List<Step> steps) {

    /** The kinds of fault a run can apply; network ones need network namespaces. */
    enum Kind {
        KILL, PAUSE, PARTITION, LOSSY, RESETS, TWIN;

        static final Set<Kind> LOOPBACK = EnumSet.of(KILL, PAUSE);
        static final Set<Kind> NAMESPACES = EnumSet.of(KILL, PAUSE, PARTITION, LOSSY, RESETS);
    }

    /** A fault starting {@code atMillis} after the fault window opens. */
    record Step(long atMillis, Fault fault) {
    }

    record Limits(long faultMillisMin, long faultMillisMax, long gapMillisMin, long gapMillisMax) {
        static final Limits DEFAULT = new Limits(3_000, 9_000, 2_000, 5_000);
    }

    private static final double LOSS_MIN = 0.1;
    private static final double LOSS_MAX = 0.5;

    static FaultPlan of(long seed, long windowMillis, int nodes, Limits limits) {
        return of(seed, windowMillis, nodes, limits, Kind.LOOPBACK, 0);
    }

    /**
     * A plan drawing its faults from {@code kinds}; a {@link Kind#TWIN} (when asked for) is the
     * first fault past the window's middle, so it runs once, after the others have warmed up.
     * With a Byzantine node ({@code byzantineNode} > 0) the twin holds that node's key, so no
     * more than f = 1 validator identity ever lies.
     */
    static FaultPlan of(long seed, long windowMillis, int nodes, Limits limits, Set<Kind> kinds, int byzantineNode) {
        Random random = new Random(seed);
        List<Kind> drawn = kinds.stream().filter(kind -> kind != Kind.TWIN).sorted().toList();
        boolean twinPending = kinds.contains(Kind.TWIN);
        List<Step> steps = new ArrayList<>();
        long at = 0;
        while (true) {
            long duration = between(random, limits.faultMillisMin(), limits.faultMillisMax());
            if (at + duration > windowMillis) {
                break;
            }
            int node = 1 + random.nextInt(nodes);
            Kind kind = twinPending && at >= windowMillis / 2 ? Kind.TWIN : drawn.get(random.nextInt(drawn.size()));
            if (kind == Kind.TWIN) {
                twinPending = false;
            }
            if (kind == Kind.TWIN && node == byzantineNode) {
                node = 1 + node % nodes;
            }
            int twinOf = byzantineNode > 0 ? byzantineNode : 1 + (node + random.nextInt(nodes - 1)) % nodes;
            steps.add(new Step(at, fault(kind, node, duration, twinOf, random)));
            at += duration + between(random, limits.gapMillisMin(), limits.gapMillisMax());
        }
        return new FaultPlan(seed, List.copyOf(steps));
    }

    /**
     * This plan with {@code opening} applied first, in order, each followed by {@code gapMillis}
     * of quiet; the drawn faults move later by as much. A run that must cover a fault the seed
     * may not draw (the CI run's kill of an honest node) names it here.
     */
    FaultPlan openingWith(List<Fault> opening, long gapMillis) {
        List<Step> all = new ArrayList<>();
        long at = 0;
        for (Fault fault : opening) {
            all.add(new Step(at, fault));
            at += fault.durationMillis() + gapMillis;
        }
        for (Step step : steps) {
            all.add(new Step(at + step.atMillis(), step.fault()));
        }
        return new FaultPlan(seed, List.copyOf(all));
    }

    private static Fault fault(Kind kind, int node, long duration, int twinOf, Random random) {
        return switch (kind) {
            case KILL -> new Fault.Kill(node, duration);
            case PAUSE -> new Fault.Pause(node, duration);
            case PARTITION -> new Fault.Partition(node, duration);
            case LOSSY -> new Fault.Lossy(node, duration, LOSS_MIN + random.nextDouble() * (LOSS_MAX - LOSS_MIN));
            case RESETS -> new Fault.Resets(node, duration);
            case TWIN -> new Fault.Twin(node, duration, twinOf);
        };
    }

    private static long between(Random random, long min, long max) {
        return min + (long) (random.nextDouble() * (max - min));
    }
}
