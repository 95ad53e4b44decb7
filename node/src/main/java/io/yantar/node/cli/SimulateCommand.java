package io.yantar.node.cli;

import io.yantar.consensus.core.ProtocolMutation;
import io.yantar.consensus.sim.Membership;
import io.yantar.consensus.sim.SimulationCampaign;
import io.yantar.consensus.sim.SimulationOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code yantar simulate}: runs the real PBFT core of N replicas in the seeded simulator with
 * randomly drawn faults, one seed after another; prints a line per failing seed with the
 * command that replays it, and a summary line. Exits non-zero on any violation.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Runs the consensus core in the deterministic simulator over many seeds with drawn faults "
                + "(drops, delays, duplicates, partitions, crashes, pauses, Byzantine replicas, twins) and checks agreement, "
                + "validity, certificates and liveness.",
                "Ends with: simulated N seeds: V safety violations, L liveness failures"})
final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--replicas", defaultValue = "4", paramLabel = "N", description = "Replicas (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--faulty", defaultValue = "-1", paramLabel = "F", description = "Faulty replicas drawn per seed (default: (N-1)/3).")
    int faulty;

    @Option(names = "--seeds", defaultValue = "100", paramLabel = "COUNT", description = "Seeds to run (default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--seed-start", defaultValue = "1", paramLabel = "S", description = "First seed (default: ${DEFAULT-VALUE}).")
    long seedStart;

    @Option(names = "--seed", paramLabel = "S", description = "Run this one seed only (with --trace: print its message trace).")
    Long seed;

    @Option(names = "--trace", description = "Print the full message trace of each seed.")
    boolean trace;

    @Option(names = "--mutation", defaultValue = "NONE", paramLabel = "M",
            description = "Break the protocol on purpose to check the checker: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    ProtocolMutation mutation;

    @Option(names = "--membership", defaultValue = "none", paramLabel = "SCENARIO",
            description = "Change the validator set during the run: grow (4 -> 5 -> 7), shrink (7 -> 4), replace (one machine, "
                    + "new id and key), or none (default). The scenario fixes the sets; at most one Byzantine member.")
    String membership;

    @Override
    public Integer call() {
        int faultyReplicas = faulty < 0 ? (replicas - 1) / 3 : faulty;
        SimulationOptions options;
        try {
            options = new SimulationOptions(replicas, faultyReplicas, seed != null ? 1 : seeds, seed != null ? seed : seedStart,
                    trace, mutation, Membership.parse(membership));
        } catch (IllegalArgumentException bad) {
            throw new ParameterException(spec.commandLine(), bad.getMessage());
        }
        return SimulationCampaign.run(options, System.out);
    }
}
