package io.yantar.consensus.sim;

import java.io.PrintStream;

/**
 * {@code yantar simulate}: runs seeds and prints one line per failing seed with the command that
 * replays it, then {@code simulated N seeds: V safety violations, L liveness failures}. The exit
 * code is non-zero when anything failed. The node's CLI calls {@link #run}; {@link #main} runs it
 * from this module.
 */
public final class SimulationCampaign {
    private SimulationCampaign() {
    }

    public static int run(SimulationOptions options, PrintStream out) {
        int safetyViolations = 0;
        int livenessFailures = 0;
        for (long seed = options.seedStart(); seed < options.seedStart() + options.seeds(); seed++) {
            SimulationResult result = runSeed(options, seed, options.trace() ? out : null);
            if (!result.safe()) {
                safetyViolations++;
                out.println("seed " + seed + " SAFETY VIOLATION: " + String.join("; ", result.safetyViolations()) + " ("
                        + result.faults() + ")  replay: " + options.replayCommand(seed));
            } else if (!result.live()) {
                livenessFailures++;
                out.println("seed " + seed + " LIVENESS FAILURE: " + result.livenessFailure() + " (" + result.faults()
                        + ")  replay: " + options.replayCommand(seed));
            } else if (options.trace()) {
                out.println("seed " + seed + " passed: " + result.committedHeights() + " heights, highest view "
                        + result.highestView() + ", " + result.events() + " events, " + result.simulatedMillis()
                        + " ms simulated (" + result.faults() + "); honest replicas refused " + result.honestRejections());
            }
        }
        out.println("simulated " + options.seeds() + " seeds: " + safetyViolations + " safety violations, " + livenessFailures
                + " liveness failures");
        return safetyViolations > 0 || livenessFailures > 0 ? 1 : 0;
    }

    public static SimulationResult runSeed(SimulationOptions options, long seed, PrintStream trace) {
        return new Simulation(options, seed, trace).run();
    }

    public static void main(String[] args) {
        SimulationOptions options;
        try {
            options = SimulationOptions.parse(args);
        } catch (IllegalArgumentException badFlags) {
            System.err.println("yantar simulate: " + badFlags.getMessage());
            System.err.println("usage: yantar simulate --replicas N [--faulty F] (--seeds S [--seed-start S0] | --seed S [--trace])");
            System.exit(2);
            return;
        }
        System.exit(run(options, System.out));
    }
}
