package io.yantar.consensus.sim;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** The faults of one seed, all drawn up front from the seed so that a run replays exactly. */
record FaultPlan(Map<Integer, Byzantine.Kind> byzantine, int twinned, int requests, List<Submission> submissions,
                 List<Crash> crashes, List<Partition> partitions, long gstMillis, double dropProbability,
                 double duplicateProbability, long minDelayMillis, long maxDelayMillis, double crashMidStepProbability) {

    record Submission(long requestId, int node, long atMillis) {
    }

    record Crash(int honestOrdinal, long atMillis, long downMillis) {
    }

    record Partition(long fromMillis, long toMillis, long sideSeed) {
        /** A side (0 or 1) per node; a twin always ends up opposite its sibling. */
        int[] sides(int nodes, int twinned, int replicas) {
            SplittableRandom random = new SplittableRandom(sideSeed);
            int[] sides = new int[nodes];
            for (int node = 0; node < nodes; node++) {
                sides[node] = random.nextInt(2);
            }
            if (twinned >= 0 && nodes > replicas) {
                sides[replicas] = 1 - sides[twinned];
            }
            return sides;
        }
    }

    static FaultPlan draw(SplittableRandom random, SimulationOptions options) {
        return draw(random, options.replicas(), options.faulty(), 10, true);
    }

    /**
     * Faults among replicas {@code 0 .. n-1}, at least {@code minRequests} requests; twins only
     * when {@code twins} (a membership change moves a twin's key out of step with its sibling's).
     */
    static FaultPlan draw(SplittableRandom random, int n, int faulty, int minRequests, boolean twins) {
        int faultyCount = random.nextInt(faulty + 1);
        List<Integer> order = new ArrayList<>();
        for (int replica = 0; replica < n; replica++) {
            order.add(replica);
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            Integer swap = order.get(i);
            order.set(i, order.get(j));
            order.set(j, swap);
        }
        if (faultyCount > 0 && random.nextBoolean()) {
            order.remove(Integer.valueOf(0));
            order.add(0, 0); // half the time the first primary is faulty
        }
        Map<Integer, Byzantine.Kind> byzantine = new HashMap<>();
        int twinned = -1;
        Byzantine.Kind[] kinds = Byzantine.Kind.values();
        for (int i = 0; i < faultyCount; i++) {
            if (twinned < 0 && random.nextInt(kinds.length + 1) == 0 && twins) {
                twinned = order.get(i);
            } else {
                byzantine.put(order.get(i), kinds[random.nextInt(kinds.length)]);
            }
        }
        long gst = 2_000 + random.nextInt(6_000);
        int requests = minRequests + random.nextInt(31);
        List<Submission> submissions = new ArrayList<>();
        for (long id = 0; id < requests; id++) {
            submissions.add(new Submission(id, random.nextInt(n + 1), random.nextLong(gst + 1_000)));
        }
        List<Crash> crashes = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            crashes.add(new Crash(random.nextInt(n), random.nextLong(gst), 100 + random.nextInt(3_000)));
        }
        List<Partition> partitions = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            long from = random.nextLong(gst);
            partitions.add(new Partition(from, Math.min(gst, from + 200 + random.nextInt(3_000)), random.nextLong()));
        }
        long minDelay = 1 + random.nextInt(5);
        return new FaultPlan(byzantine, twinned, requests, submissions, crashes, partitions, gst, random.nextDouble() * 0.15,
                random.nextDouble() * 0.05, minDelay, minDelay + random.nextInt(100), random.nextInt(4) == 0 ? 0.002 : 0);
    }

    long delayMillis(SplittableRandom random) {
        return minDelayMillis + random.nextLong(maxDelayMillis - minDelayMillis + 1);
    }

    /** Whether this step's node crashes after persisting and before its messages leave (only before GST). */
    boolean crashMidStep(SplittableRandom random, boolean stable, Simulation.SimNode node) {
        return !stable && crashMidStepProbability > 0 && node.honest() && random.nextDouble() < crashMidStepProbability;
    }

    String describe() {
        StringBuilder out = new StringBuilder();
        out.append("byzantine=").append(new java.util.TreeMap<>(byzantine));
        if (twinned >= 0) {
            out.append(" twins=r").append(twinned);
        }
        out.append(String.format(" requests=%d crashes=%d partitions=%d gst=%dms drop=%.3f dup=%.3f delay=%d..%dms",
                requests, crashes.size(), partitions.size(), gstMillis, dropProbability, duplicateProbability, minDelayMillis,
                maxDelayMillis));
        return out.toString();
    }
}
