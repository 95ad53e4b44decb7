package io.yantar.bench;

import io.yantar.bench.load.BenchReport;
import io.yantar.bench.load.BenchRun;
import io.yantar.bench.load.BenchSettings;
import io.yantar.node.CommonPoolParallelism;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code yantar bench}: the end-to-end load generator (run by bin/yantar from the bench jar). */
@Command(name = "yantar bench", mixinStandardHelpOptions = true,
        description = {"Measures committed signed payments per second and commit latency, beside the machine's limit",
                "(Ed25519 verifications/s/core x cores / replicas, measured first in the same run).",
                "Without --nodes it writes a fresh network and starts the consortium itself; it stops it at the end.",
                "Ends with a table and, last, one line of JSON."})
public final class BenchCommand implements Callable<Integer> {
    static final int EXIT_OK = 0;
    static final int EXIT_FAILURE = 1;
    static final int EXIT_CHECK_FAILED = 3;

    @Spec
    CommandSpec spec;

    @Option(names = "--nodes", split = ",", paramLabel = "URL", description = "Drive these nodes (http://host:port,...) instead of starting a consortium.")
    List<String> nodes = new ArrayList<>();

    @Option(names = "--network", paramLabel = "DIR", description = "Network folder: where a started consortium is written (default: a new temporary folder); with --nodes, the running network's folder (treasury key, pid files).")
    Path network;

    @Option(names = "--replicas", defaultValue = "4", paramLabel = "N", description = "Validators of the started consortium: 4 or 7 (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--duration", defaultValue = "30", paramLabel = "SECONDS", description = "Length of the closed-loop and of the open-loop phase (default: ${DEFAULT-VALUE}).")
    int durationSeconds;

    @Option(names = "--warmup", defaultValue = "10", paramLabel = "SECONDS", description = "Closed-loop load before measuring (default: ${DEFAULT-VALUE}).")
    int warmupSeconds;

    @Option(names = "--accounts", defaultValue = "2000", paramLabel = "N", description = "Funded accounts that send the transfers (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--rate", paramLabel = "TPS", description = "Open-loop rate (default: half the closed-loop maximum of this run).")
    Integer rate;

    @Option(names = "--batch", defaultValue = "200", paramLabel = "N", description = "Payments per POST /v1/transactions/batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--in-flight", defaultValue = "3000", paramLabel = "N", description = "Closed loop: payments sent and not yet committed (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Option(names = "--requests-per-node", defaultValue = "4", paramLabel = "N", description = "Concurrent HTTP requests per node (default: ${DEFAULT-VALUE}).")
    int requestsPerNode;

    @Option(names = "--payload", defaultValue = "transfer", paramLabel = "KIND", description = "transfer (account to account) or disburse (treasury, 100 lines each) (default: ${DEFAULT-VALUE}).")
    String payload;

    @Option(names = "--suite", defaultValue = BenchSettings.ED25519, paramLabel = "ID", description = "Crypto suite of the network and of the limit (default: ${DEFAULT-VALUE}).")
    String suite;

    @Option(names = "--storage", defaultValue = "h2", paramLabel = "KIND", description = "Journal of a started consortium: h2 or postgres (default: ${DEFAULT-VALUE}).")
    String storage;

    @Option(names = "--postgres-url", paramLabel = "JDBC", description = "With --storage postgres: JDBC URL, %%s = node id with '_' (e.g. jdbc:postgresql://127.0.0.1:5432/yantar_%%s); password from YANTAR_POSTGRES_PASSWORD.")
    String postgresUrl;

    @Option(names = "--postgres-user", paramLabel = "USER", description = "With --storage postgres: the database user (default: postgres).")
    String postgresUser;

    @Option(names = "--drain", defaultValue = "30", paramLabel = "SECONDS", description = "How long to wait for a phase's last payments to commit (default: ${DEFAULT-VALUE}).")
    int drainSeconds;

    @Option(names = "--http-base-port", defaultValue = "18081", paramLabel = "P", description = "HTTP port of node-1 of a started consortium (default: ${DEFAULT-VALUE}).")
    int httpBasePort;

    @Option(names = "--base-port", defaultValue = "26521", paramLabel = "P", description = "Cluster port of node-1 of a started consortium (default: ${DEFAULT-VALUE}).")
    int clusterBasePort;

    @Option(names = "--jfr", paramLabel = "DIR", description = "Record a JFR profile of every node during the closed loop into DIR/node-N.jfr.")
    Path jfrDir;

    @Option(names = "--no-open-loop", description = "Skip the open-loop phase (throughput only).")
    boolean noOpenLoop;

    @Option(names = "--open-loop-only", description = "Skip the warm-up and the closed loop: only the open loop at --rate for --duration (steady long runs: heap, catch-up).")
    boolean openLoopOnly;

    @Option(names = "--check-nodes", split = ",", paramLabel = "URL", description = "With --nodes: also check that these nodes' ledgers hold every committed bench payment (after the first node's check).")
    List<String> checkNodes = new ArrayList<>();

    @Option(names = "--stop-file", paramLabel = "FILE", description = "End the running phase early (then drain and check as usual) once FILE exists: for scripts whose scenario decides the length.")
    Path stopFile;

    public static void main(String[] args) {
        CommonPoolParallelism.raiseBeforeFirstUse(); // the load's own HTTP continuations, as in the nodes
        System.exit(execute(args));
    }

    static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new BenchCommand());
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            System.err.println("yantar bench: " + e.getMessage() + " (see 'yantar bench --help')");
            return 2;
        });
        commandLine.setExecutionExceptionHandler((e, command, parseResult) -> {
            System.err.println("yantar bench: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return EXIT_FAILURE;
        });
        return commandLine.execute(args);
    }

    /** The options as a validated run; a bad combination is a usage error naming the option. */
    BenchSettings settings() {
        try {
            return new BenchSettings(parseNodes(nodes), Optional.ofNullable(network), replicas, durationSeconds, warmupSeconds, accounts,
                    Optional.ofNullable(rate), batch, choice(BenchSettings.Payload.class, "--payload", payload), suite,
                    choice(BenchSettings.Storage.class, "--storage", storage), inFlight, requestsPerNode, drainSeconds, httpBasePort,
                    clusterBasePort, Optional.ofNullable(postgresUrl), Optional.ofNullable(postgresUser), Optional.ofNullable(jfrDir), noOpenLoop,
                    openLoopOnly, parseNodes(checkNodes), Optional.ofNullable(stopFile));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        BenchReport report = new BenchRun(settings(), System.out).run();
        System.out.println();
        System.out.print(report.table());
        System.out.println(report.jsonLine());
        return report.check().passed() ? EXIT_OK : EXIT_CHECK_FAILED;
    }

    static List<URI> parseNodes(List<String> texts) {
        List<URI> uris = new ArrayList<>();
        for (String text : texts) {
            try {
                URI uri = new URI(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
                if (!"http".equals(uri.getScheme()) || uri.getHost() == null || !(uri.getPath() == null || uri.getPath().isEmpty())) {
                    throw new IllegalArgumentException("--nodes takes URLs such as http://127.0.0.1:8081 (was '" + text + "')");
                }
                uris.add(uri);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException("--nodes takes URLs such as http://127.0.0.1:8081 (was '" + text + "')");
            }
        }
        return uris;
    }

    static <E extends Enum<E>> E choice(Class<E> type, String option, String text) {
        try {
            return Enum.valueOf(type, text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            List<String> known = java.util.Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList();
            throw new IllegalArgumentException(option + " must be one of " + known + " (was '" + text + "')");
        }
    }
}
