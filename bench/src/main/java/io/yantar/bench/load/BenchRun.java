package io.yantar.bench.load;

import io.yantar.bench.load.BenchSettings.Payload;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.time.Duration;

/**
 * One {@code yantar bench} run, in order: sign every payment, measure the verify rate (the
 * limit), start the consortium, fund the accounts, warm up, closed loop (the maximum), open
 * loop (latency), check the ledger, report. Progress and the table go to {@code out}, the last
 * line of which is the JSON.
 */
public final class BenchRun {
    /** 1,000.00 RUB per bench account: enough for 100,000 one-kopeck transfers. */
    static final long FUNDING_KOPECKS_EACH = 100_000;
    static final int DISBURSE_LINES = 100;
    /** Slack over what the limit allows, so the queues do not run dry before the deadline. */
    static final double PRESIGN_SLACK = 1.2;
    static final long PRESIGN_MAX = 1_500_000;
    /** A verify rate measured on a busy machine underestimates what the nodes may reach: never sign fewer rounds than this. */
    static final int PRESIGN_ROUNDS_MIN = 25;
    static final int PROBE_PAYMENTS = 1000;
    static final double PROBE_WARMUP_SECONDS_MAX = 10;
    static final double PROBE_SECONDS = 3;
    static final int ACCOUNT_READERS = 8;

    private final BenchSettings settings;
    private final PrintStream out;

    public BenchRun(BenchSettings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
    }

    public BenchReport run() throws IOException, InterruptedException {
        String loadAverage = loadAverage();
        int cores = Runtime.getRuntime().availableProcessors();
        out.printf(Locale.ROOT, "machine: %d cores, load average %s, %s%n", cores, loadAverage, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        CryptoSuite suite = CryptoSuites.byId(settings.suiteId());
        NodeApi api = new NodeApi(Duration.ofSeconds(30));
        Optional<LocalNetwork> local = settings.startsLocalConsortium() ? Optional.of(localNetwork()) : Optional.empty();
        try {
            if (local.isPresent()) {
                out.println("writing a " + settings.replicas() + "-validator network to " + local.get().root());
                local.get().generate(settings.clusterBasePort(), settings.suiteId());
                local.get().liftClientRateLimit();
                if (settings.storage() == BenchSettings.Storage.POSTGRES) {
                    local.get().usePostgres(settings.postgresUrlTemplate().orElseThrow(), settings.postgresUser().orElse("postgres"));
                }
            }
            Path networkDir = local.map(LocalNetwork::root).orElseGet(() -> settings.network().orElseThrow());
            List<URI> nodes = local.map(LocalNetwork::httpUrls).orElse(settings.nodes());
            SigningKey treasury = KeyFiles.read(networkDir.resolve("keys").resolve("treasury.key"));
            String chainId = local.isPresent() ? LocalNetwork.CHAIN_ID : api.getJson(nodes.get(0), "/v1/status").path("chainId").asText();
            long treasuryNonce = local.isPresent() ? 0 : api.account(nodes.get(0), addressText(suite, treasury))[0];

            BenchAccounts accounts = BenchAccounts.generate(suite, settings.accounts(), new SecureRandom());
            PaymentSigner signer = new PaymentSigner(chainId, suite);
            long started = System.nanoTime();
            List<SignedPayment> probe = signer.transferRounds(accounts, 0, 1, nodes.size()).subList(0, Math.min(PROBE_PAYMENTS, accounts.size()));
            double verifyPerSecond = VerifyRateProbe.verificationsPerSecond(suite, probe, PROBE_WARMUP_SECONDS_MAX, PROBE_SECONDS);
            MachineLimit limit = new MachineLimit(verifyPerSecond, cores, nodes.size());
            out.printf(Locale.ROOT, "limit: %.0f %s verify/s on one core x %d cores / %d replicas = %.0f tx/s%n",
                    verifyPerSecond, suite.id(), cores, nodes.size(), limit.limitTxPerSecond());

            long fundedNonce = treasuryNonce + Funding.transactionCount(accounts.size());
            List<SignedPayment> payments = presign(signer, accounts, treasury, fundedNonce, limit, nodes.size());
            out.printf(Locale.ROOT, "pre-signed %d %s payments in %.1f s (client signing is not measured)%n",
                    payments.size(), settings.payload().name().toLowerCase(Locale.ROOT), (System.nanoTime() - started) / 1e9);

            if (local.isPresent()) {
                long upStarted = System.nanoTime();
                local.get().up();
                out.printf(Locale.ROOT, "consortium up in %.1f s%n", (System.nanoTime() - upStarted) / 1e9);
            }
            List<NodeProcesses.Process> processes = local.map(LocalNetwork::processes).orElseGet(() -> remoteProcesses(networkDir, nodes.size()));

            CommitTracker tracker = new CommitTracker();
            CommitStream commits = new CommitStream(api, nodes.get(0), tracker);
            commits.start();
            awaitConnected(commits);
            Funding.fund(api, nodes.get(0), signer, treasury, treasuryNonce, accounts, FUNDING_KOPECKS_EACH);
            out.println("funded " + accounts.size() + " accounts with " + FUNDING_KOPECKS_EACH / 100 + ".00 RUB each");

            LoadDriver driver = new LoadDriver(api, nodes, tracker, settings.batch(), settings.requestsPerNodeMax());
            driver.enqueue(payments);
            Semaphore window = new Semaphore(settings.inFlightMax());
            Optional<PhaseResult> closedResult = Optional.empty();
            List<NodeUsage> usage = new ArrayList<>();
            double benchCpu = 0;
            if (!settings.openLoopOnly()) {
                Phase warmup = Phase.closedLoop("warmup", window);
                if (settings.warmupSeconds() > 0) {
                    runPhase(driver, tracker, warmup, settings.warmupSeconds(), 0);
                }
                Phase closed = Phase.closedLoop("closed", window);
                Usage measured = new Usage(processes);
                long committedBefore = tracker.committedTotal();
                long blocksBefore = commits.blocksSeen();
                settings.jfrDir().ifPresent(dir -> startJfr(processes, dir, settings.durationSeconds()));
                long closedStart = System.nanoTime();
                long closedStop = runPhase(driver, tracker, closed, settings.durationSeconds(), 0);
                double closedSeconds = (closedStop - closedStart) / 1e9;
                long committedInWindow = tracker.committedTotal() - committedBefore;
                long blocksInWindow = commits.blocksSeen() - blocksBefore;
                usage = measured.over(closedSeconds);
                benchCpu = measured.benchCores(closedSeconds);
                drain(tracker, List.of(warmup, closed));
                closedResult = Optional.of(result(closed, closedSeconds, committedInWindow, blocksInWindow, 0));
            }

            Optional<PhaseResult> openResult = Optional.empty();
            if (!settings.skipOpenLoop()) {
                double closedRate = closedResult.map(PhaseResult::committedTxPerSecond).orElse(0.0);
                double rate = settings.rateTps().map(Integer::doubleValue).orElse(Math.max(1, closedRate / 2));
                Phase open = Phase.openLoop("open");
                Usage measured = new Usage(processes);
                long openStart = System.nanoTime();
                long openBlocksBefore = commits.blocksSeen();
                long openStop = runPhase(driver, tracker, open, settings.durationSeconds(), rate);
                double openSeconds = (openStop - openStart) / 1e9;
                long openBlocks = commits.blocksSeen() - openBlocksBefore;
                if (settings.openLoopOnly()) {
                    usage = measured.over(openSeconds);
                    benchCpu = measured.benchCores(openSeconds);
                }
                drain(tracker, List.of(open));
                openResult = Optional.of(result(open, openSeconds, open.committed.get(), openBlocks, rate));
            }
            printRefusals(driver.refusals());
            tracker.failureReasons().forEach((reason, count) -> out.println("committed as failed: " + count.get() + " x " + reason));

            LedgerCheck check = checkLedger(api, nodes.get(0), suite, accounts, treasury, fundedNonce, tracker);
            for (URI other : settings.checkNodes()) {
                LedgerCheck otherCheck = checkLedgerOf(api, other, nodes.get(0), suite, accounts, treasury, fundedNonce, tracker);
                out.println("ledger check on " + other + ": " + otherCheck.summary());
                check = check.passed() ? otherCheck : check; // the report shows a failing check if any
            }
            commits.stop();
            printNodeCounters(api, nodes, tracker.committedTotal());
            // Once more with the load stopped: the same probe, so the report shows how much the verify rate moved meanwhile.
            MachineLimit limitAfter = new MachineLimit(VerifyRateProbe.verificationsPerSecond(suite, probe, PROBE_WARMUP_SECONDS_MAX, PROBE_SECONDS),
                    cores, nodes.size());
            return new BenchReport(nodes.size(), limit, Optional.of(limitAfter), closedResult, openResult, usage, benchCpu, check,
                    settings.payload().name().toLowerCase(Locale.ROOT), settings.batch(), loadAverage);
        } finally {
            local.ifPresent(LocalNetwork::down);
        }
    }

    /** CPU and GC of the nodes and of the bench itself from the start of a phase. */
    private static final class Usage {
        private final List<NodeProcesses.Process> processes;
        private final List<NodeProcesses.Sample> before;
        private final double benchCpuBefore;

        Usage(List<NodeProcesses.Process> processes) {
            this.processes = processes;
            this.before = NodeProcesses.sampleAll(processes);
            this.benchCpuBefore = NodeProcesses.cpuSeconds(ProcessHandle.current().pid());
        }

        List<NodeUsage> over(double seconds) {
            List<NodeProcesses.Sample> after = NodeProcesses.sampleAll(processes);
            List<NodeUsage> usage = new ArrayList<>();
            for (int i = 0; i < processes.size(); i++) {
                usage.add(NodeProcesses.usage(processes.get(i), before.get(i), after.get(i), seconds));
            }
            return usage;
        }

        double benchCores(double seconds) {
            return (NodeProcesses.cpuSeconds(ProcessHandle.current().pid()) - benchCpuBefore) / seconds;
        }
    }

    private LocalNetwork localNetwork() throws IOException {
        Path root = settings.network().isPresent() ? settings.network().get() : Files.createTempDirectory("yantar-bench-");
        if (Files.exists(root.resolve("genesis.pb"))) {
            throw new IOException(root + " already holds a network; give a new --network folder (the bench writes a fresh one)");
        }
        return new LocalNetwork(LocalNetwork.findNodeJar(), root.toAbsolutePath(), settings.replicas(), settings.httpBasePort(), out);
    }

    private static List<NodeProcesses.Process> remoteProcesses(Path networkDir, int nodes) {
        List<NodeProcesses.Process> processes = new ArrayList<>();
        for (int i = 1; i <= nodes; i++) {
            String nodeId = "node-" + i;
            NodeProcesses.readPid(networkDir.resolve("run").resolve(nodeId + ".pid"))
                    .filter(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .ifPresent(pid -> processes.add(new NodeProcesses.Process(nodeId, pid)));
        }
        return processes;
    }

    private List<SignedPayment> presign(PaymentSigner signer, BenchAccounts accounts, SigningKey treasury, long treasuryNonce,
                                        MachineLimit limit, int nodes) {
        double openSeconds = settings.skipOpenLoop() ? 0 : settings.durationSeconds()
                * settings.rateTps().map(rate -> rate / limit.limitTxPerSecond()).orElse(0.5);
        double seconds = (settings.openLoopOnly() ? 0 : settings.warmupSeconds() + settings.durationSeconds()) + openSeconds;
        long wanted = Math.min(PRESIGN_MAX, (long) Math.ceil(limit.limitTxPerSecond() * seconds * PRESIGN_SLACK));
        if (settings.payload() == Payload.DISBURSE) {
            List<SignedPayment> disbursements = new ArrayList<>();
            long count = Math.max(1, wanted / DISBURSE_LINES);
            for (long i = 0; i < count; i++) {
                long nonce = treasuryNonce + i;
                int from = (int) ((i * DISBURSE_LINES) % accounts.size());
                List<Address> lines = new ArrayList<>();
                for (int k = 0; k < Math.min(DISBURSE_LINES, accounts.size()); k++) {
                    lines.add(accounts.address((from + k) % accounts.size()));
                }
                disbursements.add(signer.disburse(treasury, nonce, "bench-load-" + nonce, lines, 1, 0));
            }
            return disbursements;
        }
        int rounds = (int) Math.max(PRESIGN_ROUNDS_MIN, (wanted + accounts.size() - 1) / accounts.size());
        return signer.transferRounds(accounts, 0, rounds, nodes);
    }

    private long runPhase(LoadDriver driver, CommitTracker tracker, Phase phase, int seconds, double openRate) {
        long start = System.nanoTime();
        long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
        out.printf(Locale.ROOT, "%s: %d s %s%n", phase.name, seconds, phase.open
                ? String.format(Locale.ROOT, "open loop at %.0f tx/s", openRate)
                : "closed loop, " + settings.inFlightMax() + " in flight");
        try (ProgressPrinter progress = new ProgressPrinter(out, phase, tracker, start);
             StopFileWatch stopWatch = new StopFileWatch(settings.stopFile(), driver::stopSending)) {
            long stopped = driver.run(phase, start, deadline, openRate);
            if (stopWatch.fired()) {
                out.printf(Locale.ROOT, "%s: stopped after %.1f s (%s appeared)%n", phase.name, (stopped - start) / 1e9, settings.stopFile().orElseThrow());
            } else if (stopped < deadline - TimeUnit.MILLISECONDS.toNanos(500)) {
                out.printf(Locale.ROOT, "%s: the pre-signed payments ran out after %.1f s%n", phase.name, (stopped - start) / 1e9);
            }
            return stopped;
        }
    }

    /** Waits for the phases' payments to commit, up to --drain seconds; the rest are lost. */
    private void drain(CommitTracker tracker, List<Phase> phases) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        while (phases.stream().mapToInt(tracker::inFlight).sum() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        long now = System.nanoTime();
        phases.forEach(phase -> tracker.expire(phase, now));
    }

    private static PhaseResult result(Phase phase, double seconds, long committed, long blocks, double offered) {
        return new PhaseResult(phase.name, seconds, committed, phase.failedAtExecution.get(), phase.refused.get(), phase.lost.get(), blocks, offered,
                phase.percentileMillis(50), phase.percentileMillis(90), phase.percentileMillis(99), phase.maxMillis());
    }

    /**
     * The ledger check on a node other than the one whose commits the bench followed: once that node's
     * height reached the followed one's (up to --drain seconds), the same sums must hold there.
     */
    private LedgerCheck checkLedgerOf(NodeApi api, URI node, URI followed, CryptoSuite suite, BenchAccounts accounts, SigningKey treasury,
                                      long fundedNonce, CommitTracker tracker) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
        try {
            long target = api.getJson(followed, "/v1/status").path("height").asLong();
            while (api.getJson(node, "/v1/status").path("height").asLong() < target && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the height of " + node + ": " + e.getMessage(), e);
        }
        return checkLedger(api, node, suite, accounts, treasury, fundedNonce, tracker);
    }

    private LedgerCheck checkLedger(NodeApi api, URI node, CryptoSuite suite, BenchAccounts accounts, SigningKey treasury,
                                    long fundedNonce, CommitTracker tracker) throws InterruptedException {
        awaitQuiet(tracker);
        if (settings.payload() == Payload.DISBURSE) {
            try {
                return LedgerCheck.forDisbursements(tracker.nonceConsumingTotal(), api.account(node, addressText(suite, treasury))[0] - fundedNonce);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the treasury account: " + e.getMessage(), e);
            }
        }
        ExecutorService readers = Executors.newFixedThreadPool(ACCOUNT_READERS);
        try {
            List<Future<long[]>> reads = new ArrayList<>();
            for (int i = 0; i < accounts.size(); i++) {
                String address = accounts.addressText(i);
                reads.add(readers.submit(() -> api.account(node, address)));
            }
            long nonces = 0;
            long balances = 0;
            for (Future<long[]> read : reads) {
                long[] account = read.get();
                nonces += account[0];
                balances += account[1];
            }
            return LedgerCheck.forTransfers(tracker.nonceConsumingTotal(), nonces, balances, FUNDING_KOPECKS_EACH * accounts.size());
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot read the bench accounts: " + e.getCause().getMessage(), e.getCause());
        } finally {
            readers.shutdownNow();
        }
    }

    /** The node answers account reads from its executed state: wait until no commit has arrived for a moment. */
    private static void awaitQuiet(CommitTracker tracker) throws InterruptedException {
        long seen = -1;
        while (seen != tracker.committedTotal()) {
            seen = tracker.committedTotal();
            Thread.sleep(1000);
        }
    }

    private void awaitConnected(CommitStream commits) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!commits.connected()) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the event stream of the first node did not connect within 30 s");
            }
            Thread.sleep(50);
        }
    }

    private void startJfr(List<NodeProcesses.Process> processes, Path dir, int seconds) {
        for (NodeProcesses.Process process : processes) {
            Path file = dir.toAbsolutePath().resolve(process.nodeId() + ".jfr");
            try {
                Files.createDirectories(dir);
                new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(process.pid()), "JFR.start",
                        "duration=" + seconds + "s", "settings=profile", "filename=" + file)
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                out.println("JFR recording of " + process.nodeId() + " to " + file);
            } catch (IOException e) {
                out.println("bench: JFR could not start on " + process.nodeId() + ": " + e.getMessage());
            }
        }
    }

    /**
     * Per node, over the whole run: signatures verified (the ideal is one per transaction per
     * replica), the CPU they took (the node samples one check in eight) and its share of the
     * node's CPU since it started, and view changes started, from the node's own counters. The
     * limit assumes replicas bound by these checks; the share says how far a node is from that.
     */
    private void printNodeCounters(NodeApi api, List<URI> nodes, long committed) {
        for (URI node : nodes) {
            try {
                String metrics = api.metricsText(node);
                long transactionChecks = counter(metrics, "yantar_signature_verifications_total{kind=\"transaction\"}");
                long consensusChecks = counter(metrics, "yantar_signature_verifications_total{kind=\"consensus\"}");
                long transactionMicros = counter(metrics, "yantar_signature_verification_cpu_microseconds_total{kind=\"transaction\"}");
                long consensusMicros = counter(metrics, "yantar_signature_verification_cpu_microseconds_total{kind=\"consensus\"}");
                out.printf(Locale.ROOT, "%s: %d transaction signatures verified (%.2f per committed payment, %s), %d consensus signatures (%s),"
                                + " %d view changes; %s%n", node, transactionChecks, committed == 0 ? 0.0 : (double) transactionChecks / committed,
                        SignatureCheckCpu.perCheck(transactionMicros, transactionChecks), consensusChecks,
                        SignatureCheckCpu.perCheck(consensusMicros, consensusChecks), counter(metrics, "yantar_consensus_view_changes_total"),
                        SignatureCheckCpu.share(transactionMicros + consensusMicros, gauge(metrics, "process_cpu_seconds_total")));
            } catch (IOException e) {
                out.println(node + ": metrics unavailable (" + e.getMessage() + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The value of an unlabelled series; NaN when the node does not export it. */
    private static double gauge(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                try {
                    return Double.parseDouble(line.substring(series.length() + 1).trim());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
        }
        return Double.NaN;
    }

    private static long counter(String metrics, String series) {
        double value = gauge(metrics, series);
        return Double.isNaN(value) ? 0 : (long) value;
    }

    private void printRefusals(Map<String, AtomicLong> refusals) {
        refusals.forEach((reason, count) -> out.println("node answers: " + count.get() + " x " + reason));
    }

    private static String addressText(CryptoSuite suite, SigningKey key) {
        return new AddressCodec(suite).format(Address.ofPublicKey(suite, ByteString.copyFrom(key.publicKey())));
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
