package io.yantar.node.chaos;

import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.node.faults.ByzantineMode;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.proto.Genesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * One chaos run against four real node processes: clients pay steadily, the plan's faults are
 * applied one at a time (SIGKILL and restart, SIGSTOP and SIGCONT, and with network namespaces
 * partitions, lossy links, TCP resets and a twin behind a partition), while one node may be
 * Byzantine, one node's wall clock is skewed and every node's transport delays, duplicates,
 * reorders and drops a share of consensus messages. Then everything heals; the run measures how
 * long the cluster takes to converge and to commit at its pre-fault rate again, kills one node
 * and cuts the tail of its journal before restarting it ({@link JournalTruncation}), and ends
 * with the bank test over every honest node's ledger.
 */
public final class ChaosRun {
    /** The node that runs Byzantine when the run has one (the twin, if any, holds its key). */
    static final int BYZANTINE_NODE = 4;
    /** The node whose wall clock is skewed (libfaketime). */
    static final int SKEWED_NODE = 2;
    private static final int NODES = 4;
    private static final int TWIN_HOST = NODES + 1;
    private static final String LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1";

    /**
     * What the run is given; every bound of the run is here. {@code nodeConfig} is HOCON appended
     * to every node's file; {@code clusterBasePort} and {@code httpBasePort} the ports of node-1
     * (node-N: +N-1); {@code say} receives the progress lines.
     */
    public record Options(long seed, Duration faultWindow, Duration baseline, Duration recoveryMax, Duration readyTimeout, String nodeConfig,
                          int clusterBasePort, int httpBasePort, Optional<ByzantineMode> byzantine, boolean twin, boolean namespaces,
                          boolean transportFaults, boolean clockSkew, boolean boundedByWindow, List<Fault> openingFaults, Consumer<String> say) {
        public Options {
            openingFaults = List.copyOf(openingFaults);
        }


        /**
         * The CI run: node-4 equivocates; it opens with a kill -9 of an honest node (O4: a killed
         * node must catch up while the Byzantine one runs); every planned fault is applied, however late.
         */
        public static Options ci(long seed, String nodeConfig, int clusterBasePort, int httpBasePort, Consumer<String> say) {
            return new Options(seed, Duration.ofSeconds(45), Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofSeconds(300),
                    nodeConfig, clusterBasePort, httpBasePort, Optional.of(ByzantineMode.EQUIVOCATE), false, true, true, true, false,
                    List.of(new Fault.Pause(1, 6_000), new Fault.Kill(1, 3_000), new Fault.Partition(1, 6_000)), say);
        }

        public static Options minutes(long seed, int minutes, String nodeConfig, int clusterBasePort, int httpBasePort,
                                      Optional<ByzantineMode> byzantine, boolean twin, boolean namespaces, boolean clockSkew,
                                      Consumer<String> say) {
            return new Options(seed, Duration.ofMinutes(minutes), Duration.ofSeconds(20), Duration.ofSeconds(180), Duration.ofSeconds(300),
                    nodeConfig, clusterBasePort, httpBasePort, byzantine, twin, namespaces, true, clockSkew, true, List.of(), say);
        }
    }

    /** What the run found. */
    public record Report(long seed, String setting, List<String> faultsApplied, int plannedFaults, int acknowledged, double baselinePerSecond,
                         double afterPerSecond, long convergedMillis, long fullRateMillis, int clientRetries, List<String> clientsGaveUp,
                         int supervisorRestarts, JournalTruncation.Outcome truncation, Optional<OwnVotes.Comparison> votes,
                         BankChecker.Verdict verdict) {
        public Report {
            faultsApplied = List.copyOf(faultsApplied);
            clientsGaveUp = List.copyOf(clientsGaveUp);
        }

        /**
         * The bank test passed, clients saw payments commit and none gave up on one, faults were
         * applied, and the node whose journal was cut signed no other digest for a vote it had cast before.
         */
        public boolean passed() {
            return verdict.passed() && acknowledged > 0 && clientsGaveUp.isEmpty() && !faultsApplied.isEmpty()
                    && votes.map(OwnVotes.Comparison::consistent).orElse(true);
        }

        @Override
        public String toString() {
            return "chaos seed " + seed + " (" + setting + "): " + faultsApplied.size() + " of " + plannedFaults + " planned faults " + faultsApplied + "; " + acknowledged
                    + " payments acknowledged; rate before faults " + String.format("%.1f", baselinePerSecond) + "/s, after "
                    + String.format("%.1f", afterPerSecond) + "/s; caught up " + convergedMillis + " ms and back to full rate "
                    + fullRateMillis + " ms after the last fault healed; client retries " + clientRetries
                    + (clientsGaveUp.isEmpty() ? "" : "; CLIENTS GAVE UP " + clientsGaveUp) + "; nodes restarted after exiting on their own "
                    + supervisorRestarts + "; " + truncation + votes.map(comparison -> ", " + comparison).orElse("") + "; bank test "
                    + (verdict.passed() ? "passed" : "FAILED " + verdict.violations()) + " (shared height " + verdict.sharedHeight()
                    + ", " + verdict.transfersCommitted() + " transfers committed, total " + verdict.totalKopecks() + " kopecks)";
        }
    }

    private static final List<String> CLIENTS = List.of("citizen-1", "citizen-2", "treasury");
    private static final double FULL_RATE_SHARE = 0.5;
    private static final Duration RATE_WINDOW = Duration.ofSeconds(5);
    private static final long LAG_BLOCKS_MAX = 3;

    private final Options options;
    private final long startNanos = System.nanoTime();

    public ChaosRun(Options options) {
        this.options = options;
    }

    public Report run(Path root) throws IOException, InterruptedException {
        Optional<NetworkNamespaces> namespaces = options.namespaces() ? NetworkNamespaces.create(TWIN_HOST, options.seed(), options.say())
                : Optional.empty();
        try {
            return run(root, namespaces);
        } finally {
            namespaces.ifPresent(NetworkNamespaces::close);
        }
    }

    private Report run(Path root, Optional<NetworkNamespaces> namespaces) throws IOException, InterruptedException {
        NetworkLayout layout = new NetworkLayout(root);
        NetworkSpec spec = new NetworkSpec("yantar-chaos", NODES, 2, "127.0.0.1", options.clusterBasePort(), options.httpBasePort(),
                NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS, false);
        Genesis genesis = new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, spec, 1_790_000_000_000L);
        Set<FaultPlan.Kind> kinds = EnumSet.copyOf(namespaces.isPresent() ? FaultPlan.Kind.NAMESPACES : FaultPlan.Kind.LOOPBACK);
        if (options.twin() && namespaces.isPresent()) {
            kinds.add(FaultPlan.Kind.TWIN);
        } else if (options.twin()) {
            options.say().accept("no twin in this run: a twin needs a partition, and partitions need network namespaces");
        }
        int byzantineNode = options.byzantine().isPresent() ? BYZANTINE_NODE : 0;
        FaultPlan plan = FaultPlan.of(options.seed(), options.faultWindow().toMillis(), NODES, FaultPlan.Limits.DEFAULT, kinds, byzantineNode)
                .openingWith(options.openingFaults(), FaultPlan.Limits.DEFAULT.gapMillisMax());
        String setting = setting(namespaces, byzantineNode);
        options.say().accept("chaos seed " + options.seed() + ": " + setting + "; " + plan.steps().size() + " faults planned in "
                + options.faultWindow().toSeconds() + " s; network folder " + root);
        try (ProcessConsortium consortium = new ProcessConsortium(layout)) {
            for (int i = 1; i <= NODES; i++) {
                Path config = layout.nodeConfig("node-" + i);
                ProcessConsortium.appendTo(config, "yantar.http.commit-wait-timeout = 3s\n" + hostOverrides(layout, namespaces, i)
                        + transportFaults(i) + options.nodeConfig());
                consortium.add("node-" + i, config, launch(namespaces, i, byzantineNode));
            }
            consortium.startOneByOne(options.readyTimeout());
            consortium.awaitReady(consortium.nodes(), options.readyTimeout());
            options.say().accept("all " + NODES + " nodes ready at " + nowMillis() / 1000 + " s");
            List<NodeProcess> honest = new ArrayList<>(consortium.nodes());
            if (byzantineNode > 0) {
                honest.remove(consortium.node(byzantineNode));
            }

            Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
            List<PaymentClient> clients = startClients(layout, genesis, consortium, acknowledged);
            List<Thread> threads = new ArrayList<>();
            for (PaymentClient client : clients) {
                Thread thread = new Thread(client, "chaos-client-" + threads.size());
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }
            Progress progress = new Progress(consortium, acknowledged, this::nowMillis, options.say());
            progress.start();
            try {
                long baselineStart = nowMillis();
                Thread.sleep(options.baseline().toMillis()); // the load runs meanwhile: this is the measured pre-fault window
                double baseline = rate(acknowledged, baselineStart, nowMillis());
                options.say().accept(String.format("baseline: %.1f payments/s acknowledged over %d s", baseline, options.baseline().toSeconds()));

                FaultInjector injector = new FaultInjector(consortium, layout, namespaces, options.readyTimeout(), options.say());
                List<String> applied = injector.apply(plan, options.boundedByWindow() ? options.faultWindow().toMillis() : Long.MAX_VALUE / 4,
                        this::nowMillis);
                long healedAt = nowMillis();
                options.say().accept("faults over: all healed at " + healedAt / 1000 + " s");

                long convergedMillis = awaitCaughtUp(consortium, honest) - healedAt;
                long fullRateMillis = awaitFullRate(acknowledged, baseline, healedAt, clients) - healedAt;
                double after = rate(acknowledged, nowMillis() - RATE_WINDOW.toMillis(), nowMillis());
                options.say().accept("recovered: caught up " + convergedMillis + " ms, back to full rate " + fullRateMillis + " ms after the heal");

                JournalTruncation.Outcome truncation = JournalTruncation.apply(consortium, layout, options.seed(), options.readyTimeout());
                options.say().accept(truncation.toString());
                if (!truncation.recovered()) {
                    honest.removeIf(node -> node.name().equals(truncation.node()));
                }

                clients.forEach(client -> client.stop(Duration.ofSeconds(30)));
                for (Thread thread : threads) {
                    thread.join(Duration.ofSeconds(60).toMillis());
                }
                awaitConverged(consortium, honest);

                BankChecker checker = new BankChecker(genesis, CryptoSuites.ed25519());
                List<NodeLedger> ledgers = new ArrayList<>();
                for (NodeProcess node : honest) {
                    ledgers.add(NodeLedger.fetch(node.name(), node.http(), checker.genesisAccounts()));
                }
                BankChecker.Verdict verdict = checker.check(ledgers, List.copyOf(acknowledged));
                Optional<OwnVotes.Comparison> votes = compareVotes(consortium, layout, truncation);
                votes.ifPresent(comparison -> options.say().accept(truncation.node() + ": " + comparison));
                int retries = clients.stream().mapToInt(PaymentClient::unansweredAttempts).sum();
                return new Report(options.seed(), setting, applied, plan.steps().size(), acknowledged.size(), baseline, after, convergedMillis,
                        fullRateMillis, retries, clientsGaveUp(clients), consortium.supervisorRestarts(), truncation, votes, verdict);
            } finally {
                progress.stop();
            }
        }
    }

    /**
     * The votes of the node whose journal was cut, before the cut and now (the node is stopped
     * for it, at the end of the run): none may carry another digest. Empty when it refused to start.
     */
    private static Optional<OwnVotes.Comparison> compareVotes(ProcessConsortium consortium, NetworkLayout layout,
                                                              JournalTruncation.Outcome truncation) throws IOException, InterruptedException {
        if (!truncation.recovered()) {
            return Optional.empty();
        }
        NodeProcess node = consortium.nodes().stream().filter(n -> n.name().equals(truncation.node())).findFirst().orElseThrow();
        node.stop();
        OwnVotes after = OwnVotes.read(layout.dataDir(node.name()).resolve("journal.mv.db"));
        return Optional.of(truncation.votesBeforeCut().against(after));
    }

    private String setting(Optional<NetworkNamespaces> namespaces, int byzantineNode) {
        List<String> parts = new ArrayList<>();
        parts.add(namespaces.isPresent() ? "network namespaces" : "loopback");
        options.byzantine().ifPresent(mode -> parts.add("node-" + byzantineNode + " byzantine " + mode.cliName()));
        if (options.clockSkew()) {
            parts.add("node-" + SKEWED_NODE + " clock +" + skewSeconds() + " s");
        }
        if (options.transportFaults()) {
            parts.add("transport faults " + TRANSPORT_FAULTS_TEXT);
        }
        return String.join(", ", parts);
    }

    private static final String TRANSPORT_FAULTS_TEXT = "drop 1%, duplicate 2%, delay 5% up to 150 ms";

    private String transportFaults(int node) {
        if (!options.transportFaults()) {
            return "";
        }
        return "yantar.test.transport-faults { seed = " + (options.seed() + node)
                + ", drop = 0.01, duplicate = 0.02, delay-probability = 0.05, delay-max = 150ms }\n";
    }

    /** Seeded, 1-4 s: inside the replicas' 5 s bound on a proposal's timestamp, so the skewed node stays an honest one. */
    private int skewSeconds() {
        return 1 + new Random(options.seed()).nextInt(4);
    }

    private NodeProcess.Launch launch(Optional<NetworkNamespaces> namespaces, int node, int byzantineNode) {
        List<String> prefix = namespaces.map(ns -> ns.enter(node)).orElse(List.of());
        List<String> arguments = node == byzantineNode ? List.of("--byzantine", options.byzantine().orElseThrow().cliName()) : List.of();
        Map<String, String> environment = Map.of();
        if (options.clockSkew() && node == SKEWED_NODE) {
            if (Files.isReadable(Path.of(LIBFAKETIME))) {
                environment = Map.of("LD_PRELOAD", LIBFAKETIME, "FAKETIME", "+" + skewSeconds(), "FAKETIME_DONT_FAKE_MONOTONIC", "1");
            } else {
                options.say().accept("no clock skew: " + LIBFAKETIME + " is missing (apt-get install faketime)");
            }
        }
        return new NodeProcess.Launch(prefix, arguments, environment, namespaces.map(ns -> ns.address(node)).orElse("127.0.0.1"));
    }

    /** In namespaces a node binds and is dialled at its own address, and so are the seeds. */
    static String hostOverrides(NetworkLayout layout, Optional<NetworkNamespaces> namespaces, int node) {
        if (namespaces.isEmpty()) {
            return "";
        }
        NetworkNamespaces ns = namespaces.get();
        List<String> seeds = new ArrayList<>();
        for (int i = 1; i <= NODES; i++) {
            seeds.add("\"" + ns.address(i) + ":" + clusterPort(layout, i) + "\"");
        }
        return "yantar.cluster.host = \"" + ns.address(node) + "\"\nyantar.http.host = \"" + ns.address(node) + "\"\n"
                + "yantar.cluster.seed-nodes = [" + String.join(", ", seeds) + "]\n";
    }

    static int clusterPort(NetworkLayout layout, int node) {
        return com.typesafe.config.ConfigFactory.parseFile(layout.nodeConfig("node-" + node).toFile()).getInt("yantar.cluster.port");
    }

    private List<PaymentClient> startClients(NetworkLayout layout, Genesis genesis, ProcessConsortium consortium, Queue<Acknowledged> acknowledged)
            throws IOException {
        List<SigningKey> keys = new ArrayList<>();
        for (String name : CLIENTS) {
            keys.add(KeyFiles.read(layout.key(name)));
        }
        List<Address> recipients = keys.stream().map(SignedTransfers::address).toList();
        List<PaymentClient> clients = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            clients.add(new PaymentClient(keys.get(i), genesis.getChainId(), recipients, consortium.urls(), options.seed() * 31 + i,
                    acknowledged, this::nowMillis, options.readyTimeout()));
        }
        return clients;
    }

    /**
     * When every node is ready and, while payments still flow, within {@value #LAG_BLOCKS_MAX}
     * blocks of the highest (tips move faster than four status requests).
     */
    private long awaitCaughtUp(ProcessConsortium consortium, List<NodeProcess> which) {
        ProcessConsortium.Supervisor supervisor = consortium.supervisor();
        Await.until(which + " ready within " + LAG_BLOCKS_MAX + " blocks of each other", () -> {
            long lowest = Long.MAX_VALUE;
            long highest = Long.MIN_VALUE;
            consortium.nodes().forEach(supervisor::restartIfExited); // the Byzantine node too: the run keeps it
            for (NodeProcess node : which) {
                if (!consortium.ready(node)) {
                    return false;
                }
                long height = consortium.height(node);
                lowest = Math.min(lowest, height);
                highest = Math.max(highest, height);
            }
            return lowest >= 0 && highest - lowest <= LAG_BLOCKS_MAX;
        }, options.recoveryMax());
        return nowMillis();
    }

    /** When every node is ready at the same tip (once the clients have stopped). */
    private void awaitConverged(ProcessConsortium consortium, List<NodeProcess> which) {
        ProcessConsortium.Supervisor supervisor = consortium.supervisor();
        Await.until(which + " ready at one tip", () -> {
            Set<String> tips = new HashSet<>();
            consortium.nodes().forEach(supervisor::restartIfExited); // the Byzantine node too: the run keeps it
            for (NodeProcess node : which) {
                if (!consortium.ready(node)) {
                    return false;
                }
                tips.add(consortium.tip(node));
            }
            return tips.size() == 1;
        }, options.recoveryMax());
    }

    /**
     * When the acknowledgements of the last window reach the given share of the pre-fault rate;
     * a client that gave up ends the wait at once, named (no rate can come back without it).
     */
    private long awaitFullRate(Queue<Acknowledged> acknowledged, double baseline, long healedAt, List<PaymentClient> clients) {
        Await.until("commit rate back to " + FULL_RATE_SHARE + " of " + baseline + "/s", () -> {
            List<String> gaveUp = clientsGaveUp(clients);
            if (!gaveUp.isEmpty()) {
                throw new IllegalStateException("the commit rate cannot come back: " + gaveUp);
            }
            long now = nowMillis();
            long from = Math.max(healedAt, now - RATE_WINDOW.toMillis());
            return now - from >= 1_000 && rate(acknowledged, from, now) >= FULL_RATE_SHARE * baseline;
        }, options.recoveryMax());
        return nowMillis();
    }

    private static List<String> clientsGaveUp(List<PaymentClient> clients) {
        List<String> gaveUp = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            if (!clients.get(i).gaveUp().isEmpty()) {
                gaveUp.add(CLIENTS.get(i) + " " + clients.get(i).gaveUp());
            }
        }
        return gaveUp;
    }

    static double rate(Queue<Acknowledged> acknowledged, long fromMillis, long toMillis) {
        long count = acknowledged.stream().filter(a -> a.atMillis() >= fromMillis && a.atMillis() < toMillis).count();
        return toMillis <= fromMillis ? 0 : count * 1000.0 / (toMillis - fromMillis);
    }

    private long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
