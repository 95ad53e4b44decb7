package io.yantar.node.chaos;

import io.yantar.node.faults.ByzantineMode;
import io.yantar.node.faults.ByzantineModeConverter;
import io.yantar.node.network.NetworkSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar chaos}: the chaos harness from the command line, with progress lines and a final report. */
@Command(name = "chaos", mixinStandardHelpOptions = true,
        description = {"Runs four validator processes under seeded faults (kill -9, pause, and in network namespaces partitions,",
                "lossy links, TCP resets, a twin) with paying clients, then checks that no acknowledged payment was lost",
                "(the bank test). Network faults need root (namespaces, iptables); elsewhere it falls back to loopback.",
                "Exit 0 when every check passed, 1 otherwise."})
public final class ChaosCommand implements Callable<Integer> {
    @Option(names = "--minutes", defaultValue = "5", paramLabel = "M", description = "Length of the fault window (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "S", description = "Seed of the fault plan; the same seed replays it (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--byzantine", paramLabel = "MODE", converter = ByzantineModeConverter.class,
            description = "Run node-4 as a Byzantine node: equivocate, silent, garbage or replay (default: all honest).")
    ByzantineMode byzantine;

    @Option(names = "--twin", description = "Once, past the middle of the window: a twin of a validator behind a partition (needs namespaces).")
    boolean twin;

    @Option(names = "--clock-skew", description = "Run node-2 with its wall clock 1-4 s ahead (libfaketime; it slows that JVM down).")
    boolean clockSkew;

    @Option(names = "--no-namespaces", description = "Stay on loopback (kill, pause and the transport fault layer only).")
    boolean noNamespaces;

    @Option(names = "--out", paramLabel = "DIR", description = "Network folder with the nodes' logs (default: /tmp/yantar-chaos-SEED-TIME).")
    Path out;

    @Option(names = "--base-port", defaultValue = "" + NetworkSpec.DEFAULT_CLUSTER_BASE_PORT, paramLabel = "P",
            description = "Cluster port of node-1; node-N uses P+N-1 (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--http-base-port", defaultValue = "" + NetworkSpec.DEFAULT_HTTP_BASE_PORT, paramLabel = "P",
            description = "HTTP port of node-1; node-N uses P+N-1 (default: ${DEFAULT-VALUE}).")
    int httpBasePort;

    @Option(names = "--node-config", paramLabel = "HOCON", defaultValue = "", description = "Settings appended to every node's file.")
    String nodeConfig;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (minutes < 1 || minutes > 24 * 60) {
            throw new ParameterException(spec.commandLine(), "--minutes must be between 1 and 1440, was " + minutes);
        }
        Optional<ByzantineMode> mode = Optional.ofNullable(byzantine);
        Path folder = out != null ? out.toAbsolutePath() : Path.of("/tmp", "yantar-chaos-" + seed + "-" + Instant.now().getEpochSecond());
        if (Files.exists(folder)) {
            throw new ParameterException(spec.commandLine(), "--out " + folder + " already exists; choose a new folder");
        }
        var printer = spec.commandLine().getOut();
        ChaosRun.Options options = ChaosRun.Options.minutes(seed, minutes, nodeConfig, basePort, httpBasePort, mode, twin, !noNamespaces, clockSkew,
                line -> printer.println(Instant.now().toString().substring(11, 19) + " " + line));
        ChaosRun.Report report;
        try {
            report = new ChaosRun(options).run(folder);
        } catch (Await.TimedOut e) {
            printer.println("chaos: RUN STOPPED: " + e.getMessage() + "; the nodes' logs are in " + folder.resolve("logs"));
            return 1;
        }
        printer.println();
        printer.println("report: " + report);
        printer.println(report.passed() ? "chaos: every check passed" : "chaos: CHECKS FAILED");
        return report.passed() ? 0 : 1;
    }
}
