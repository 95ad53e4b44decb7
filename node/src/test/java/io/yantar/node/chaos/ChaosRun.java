package io.yantar.node.chaos;

import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.Genesis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One chaos run against four real node processes on loopback: clients pay steadily, the plan's
 * faults (SIGKILL and restart, SIGSTOP and SIGCONT) are applied one at a time, then everything
 * heals; the run measures how long the cluster takes to converge and to commit at its
 * pre-fault rate again, then kills one node and cuts the tail of its journal before restarting
 * it ({@link JournalTruncation}), and ends with the bank test over every honest node's ledger.
 */
final class ChaosRun {
    /** What the run is given; every bound of the run is here. {@code nodeConfig} is HOCON appended to every node's file. */
    record Options(long seed, Duration faultWindow, Duration baseline, Duration recoveryMax, Duration readyTimeout, String nodeConfig) {
        static Options ci(long seed, String nodeConfig) {
            return new Options(seed, Duration.ofSeconds(45), Duration.ofSeconds(10), Duration.ofSeconds(90), Duration.ofSeconds(150), nodeConfig);
        }

        static Options minutes(long seed, int minutes, String nodeConfig) {
            return new Options(seed, Duration.ofMinutes(minutes), Duration.ofSeconds(20), Duration.ofSeconds(180), Duration.ofSeconds(150),
                    nodeConfig);
        }
    }

    /** What the run found. */
    record Report(long seed, List<String> faultsApplied, int acknowledged, double baselinePerSecond, double afterPerSecond,
                  long convergedMillis, long fullRateMillis, int clientRetries, int supervisorRestarts,
                  JournalTruncation.Outcome truncation, BankChecker.Verdict verdict) {
        @Override
        public String toString() {
            return "chaos seed " + seed + ": " + faultsApplied.size() + " faults " + faultsApplied + "; " + acknowledged
                    + " payments acknowledged; rate before faults " + String.format("%.1f", baselinePerSecond) + "/s, after "
                    + String.format("%.1f", afterPerSecond) + "/s; caught up " + convergedMillis + " ms and back to full rate "
                    + fullRateMillis + " ms after the last fault healed; client retries " + clientRetries + "; nodes restarted after exiting on their own "
                    + supervisorRestarts + "; " + truncation + "; bank test "
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

    ChaosRun(Options options) {
        this.options = options;
    }

    Report run(Path root) throws IOException, InterruptedException {
        NetworkLayout layout = TestNetworks.generate(root, 4);
        Genesis genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        try (ProcessConsortium consortium = new ProcessConsortium(layout)) {
            for (int i = 1; i <= 4; i++) {
                Path config = layout.nodeConfig("node-" + i);
                ProcessConsortium.appendTo(config, "yantar.http.commit-wait-timeout = 3s\n" + options.nodeConfig());
                consortium.add("node-" + i, config);
            }
            consortium.startAll();
            consortium.awaitReady(consortium.nodes(), options.readyTimeout());

            Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
            List<PaymentClient> clients = startClients(layout, genesis, consortium, acknowledged);
            List<Thread> threads = new ArrayList<>();
            for (PaymentClient client : clients) {
                Thread thread = new Thread(client, "chaos-client-" + threads.size());
                thread.setDaemon(true);
                thread.start();
                threads.add(thread);
            }

            long baselineStart = nowMillis();
            Thread.sleep(options.baseline().toMillis()); // the load runs meanwhile: this is the measured pre-fault window
            double baseline = rate(acknowledged, baselineStart, nowMillis());

            FaultPlan plan = FaultPlan.of(options.seed(), options.faultWindow().toMillis(), 4, FaultPlan.Limits.DEFAULT);
            List<String> applied = applyFaults(plan, consortium);
            long healedAt = nowMillis();

            long convergedMillis = awaitCaughtUp(consortium, consortium.nodes()) - healedAt;
            long fullRateMillis = awaitFullRate(acknowledged, baseline, healedAt) - healedAt;
            double after = rate(acknowledged, nowMillis() - RATE_WINDOW.toMillis(), nowMillis());

            JournalTruncation.Outcome truncation = JournalTruncation.apply(consortium, layout, options.seed(), options.readyTimeout());
            List<NodeProcess> honest = new ArrayList<>(consortium.nodes());
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
            int retries = clients.stream().mapToInt(PaymentClient::unansweredAttempts).sum();
            return new Report(options.seed(), applied, acknowledged.size(), baseline, after, convergedMillis, fullRateMillis, retries,
                    consortium.supervisorRestarts(), truncation, verdict);
        }
    }

    private List<PaymentClient> startClients(NetworkLayout layout, Genesis genesis, ProcessConsortium consortium, Queue<Acknowledged> acknowledged)
            throws IOException {
        List<SigningKey> keys = new ArrayList<>();
        for (String name : CLIENTS) {
            keys.add(KeyFiles.read(layout.key(name)));
        }
        List<Address> recipients = keys.stream().map(TestTransactions::address).toList();
        List<PaymentClient> clients = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            clients.add(new PaymentClient(keys.get(i), genesis.getChainId(), recipients, consortium.urls(), options.seed() * 31 + i,
                    acknowledged, this::nowMillis));
        }
        return clients;
    }

    private List<String> applyFaults(FaultPlan plan, ProcessConsortium consortium) throws InterruptedException {
        List<String> applied = new ArrayList<>();
        long windowStart = nowMillis();
        for (FaultPlan.Step step : plan.steps()) {
            long wait = windowStart + step.atMillis() - nowMillis();
            if (wait > 0) {
                Thread.sleep(wait);
            }
            NodeProcess node = consortium.node(step.fault().node());
            if (step.fault() instanceof Fault.Kill kill) {
                node.kill9();
                Thread.sleep(kill.durationMillis());
                node.start();
                consortium.awaitReady(List.of(node), options.readyTimeout());
            } else {
                node.pause();
                Thread.sleep(step.fault().durationMillis());
                node.resume();
                // A node paused past the failure detector may have been downed by the split-brain resolver, and a downed
                // node exits by design (OPERATIONS.md: restart it and it rejoins): awaitReady restarts it, as a supervisor.
                consortium.awaitReady(List.of(node), options.readyTimeout());
            }
            applied.add(describe(step.fault()) + "@" + (step.atMillis() / 1000) + "s");
        }
        return applied;
    }

    private static String describe(Fault fault) {
        String kind = fault instanceof Fault.Kill ? "kill-9" : "pause";
        return kind + " node-" + fault.node() + " " + fault.durationMillis() + "ms";
    }

    /**
     * When every node is ready and, while payments still flow, within {@value #LAG_BLOCKS_MAX}
     * blocks of the highest (tips move faster than four status requests).
     */
    private long awaitCaughtUp(ProcessConsortium consortium, List<NodeProcess> which) {
        Await.until(which + " ready within " + LAG_BLOCKS_MAX + " blocks of each other", () -> {
            long lowest = Long.MAX_VALUE;
            long highest = Long.MIN_VALUE;
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
        Await.until(which + " ready at one tip", () -> {
            Set<String> tips = new HashSet<>();
            for (NodeProcess node : which) {
                if (!consortium.ready(node)) {
                    return false;
                }
                tips.add(consortium.tip(node));
            }
            return tips.size() == 1;
        }, options.recoveryMax());
    }

    /** When the acknowledgements of the last window reach the given share of the pre-fault rate. */
    private long awaitFullRate(Queue<Acknowledged> acknowledged, double baseline, long healedAt) {
        Await.until("commit rate back to " + FULL_RATE_SHARE + " of " + baseline + "/s", () -> {
            long now = nowMillis();
            long from = Math.max(healedAt, now - RATE_WINDOW.toMillis());
            return now - from >= 1_000 && rate(acknowledged, from, now) >= FULL_RATE_SHARE * baseline;
        }, options.recoveryMax());
        return nowMillis();
    }

    private static double rate(Queue<Acknowledged> acknowledged, long fromMillis, long toMillis) {
        long count = acknowledged.stream().filter(a -> a.atMillis() >= fromMillis && a.atMillis() < toMillis).count();
        return toMillis <= fromMillis ? 0 : count * 1000.0 / (toMillis - fromMillis);
    }

    private long nowMillis() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
