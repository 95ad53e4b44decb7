package io.yantar.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A validated {@code yantar bench} run. Every limit of the run is here, so the command line,
 * the table and the JSON line all describe the same thing.
 *
 * @param nodes            HTTP base URLs to drive; empty to start a local consortium
 * @param network          network folder (keys, pid files); empty for a fresh temporary one
 * @param replicas         validators of a local consortium (4 or 7)
 * @param durationSeconds  length of the measured closed-loop phase and of the open-loop phase
 * @param warmupSeconds    closed-loop load before measuring (JIT, caches, connections)
 * @param accounts         funded bench accounts that send payments
 * @param rateTps          open-loop rate; empty for half the closed-loop maximum measured in the same run
 * @param batch            payments per POST /v1/transactions/batch
 * @param inFlightMax      closed loop: payments submitted and not yet committed
 * @param requestsPerNodeMax concurrent HTTP requests per node
 * @param openLoopOnly     no warm-up and no closed loop: only the open loop at {@code rateTps} (long steady runs)
 * @param checkNodes       further nodes whose ledger must hold every committed bench payment too (checked after node 1's)
 * @param stopFile         when this file appears, the running phase stops sending (a script ends the load when its scenario is done)
 */
public record BenchSettings(
        List<URI> nodes,
        Optional<Path> network,
        int replicas,
        int durationSeconds,
        int warmupSeconds,
        int accounts,
        Optional<Integer> rateTps,
        int batch,
        Payload payload,
        String suiteId,
        Storage storage,
        int inFlightMax,
        int requestsPerNodeMax,
        int drainSeconds,
        int httpBasePort,
        int clusterBasePort,
        Optional<String> postgresUrlTemplate,
        Optional<String> postgresUser,
        Optional<Path> jfrDir,
        boolean skipOpenLoop,
        boolean openLoopOnly,
        List<URI> checkNodes,
        Optional<Path> stopFile) {

    public static final List<Integer> REPLICA_CHOICES = List.of(4, 7);
    public static final int BATCH_MAX = 1000;
    /** The node keeps at most 64 out-of-order nonces per account; stay well below. */
    public static final int IN_FLIGHT_PER_ACCOUNT_MAX = 32;
    public static final String ED25519 = "ed25519-sha256";

    private static boolean knownSuite(String id) {
        try {
            io.yantar.crypto.CryptoSuites.byId(id);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public enum Payload { TRANSFER, DISBURSE }

    public enum Storage { H2, POSTGRES }

    public BenchSettings {
        nodes = List.copyOf(nodes);
        checkNodes = List.copyOf(checkNodes);
        require(nodes.isEmpty() ? REPLICA_CHOICES.contains(replicas) : replicas >= 1,
                "--replicas must be 4 or 7 (was " + replicas + ")");
        require(durationSeconds >= 1 && durationSeconds <= 3600, "--duration must be 1..3600 seconds (was " + durationSeconds + ")");
        require(warmupSeconds >= 0 && warmupSeconds <= 600, "--warmup must be 0..600 seconds (was " + warmupSeconds + ")");
        require(accounts >= 1 && accounts <= 100_000, "--accounts must be 1..100000 (was " + accounts + ")");
        require(rateTps.map(rate -> rate >= 1 && rate <= 1_000_000).orElse(true), "--rate must be 1..1000000 payments/s (was " + rateTps.orElse(0) + ")");
        require(batch >= 1 && batch <= BATCH_MAX, "--batch must be 1.." + BATCH_MAX + " (the node's batch-transactions-max), was " + batch);
        require(inFlightMax >= batch, "--in-flight must be at least --batch (was " + inFlightMax + " < " + batch + ")");
        require(payload != Payload.TRANSFER || inFlightMax <= (long) accounts * IN_FLIGHT_PER_ACCOUNT_MAX,
                "--in-flight " + inFlightMax + " needs at least " + ((inFlightMax + IN_FLIGHT_PER_ACCOUNT_MAX - 1) / IN_FLIGHT_PER_ACCOUNT_MAX)
                        + " --accounts (a node parks at most 64 out-of-order nonces per account)");
        require(payload != Payload.DISBURSE || inFlightMax <= IN_FLIGHT_PER_ACCOUNT_MAX,
                "--payload disburse has one sender (the treasury): --in-flight must be at most " + IN_FLIGHT_PER_ACCOUNT_MAX);
        require(requestsPerNodeMax >= 1 && requestsPerNodeMax <= 64, "--requests-per-node must be 1..64 (was " + requestsPerNodeMax + ")");
        require(drainSeconds >= 1 && drainSeconds <= 600, "--drain must be 1..600 seconds (was " + drainSeconds + ")");
        require(knownSuite(suiteId), "--suite must be " + ED25519 + " or " + io.yantar.crypto.Gost2012Suite.ID + " (was " + suiteId + ")");
        require(!nodes.isEmpty() || (httpBasePort >= 1024 && httpBasePort + replicas <= 65535), "--http-base-port out of range: " + httpBasePort);
        require(!nodes.isEmpty() || (clusterBasePort >= 1024 && clusterBasePort + replicas <= 65535), "--base-port out of range: " + clusterBasePort);
        require(nodes.isEmpty() || network.isPresent(), "--nodes needs --network DIR of that network (its keys/treasury.key funds the bench accounts)");
        require(!openLoopOnly || rateTps.isPresent(), "--open-loop-only needs --rate (there is no closed loop to take half of)");
        require(checkNodes.isEmpty() || !nodes.isEmpty(), "--check-nodes needs --nodes (a started consortium is checked on its first node)");
        require(!(openLoopOnly && skipOpenLoop), "--open-loop-only and --no-open-loop exclude each other");
        require(storage != Storage.POSTGRES || !nodes.isEmpty() || postgresUrlTemplate.isPresent(),
                "--storage postgres needs --postgres-url (e.g. jdbc:postgresql://127.0.0.1:5432/yantar_%s, %s = node id)");
    }

    public boolean startsLocalConsortium() {
        return nodes.isEmpty();
    }

    private static void require(boolean condition, String reason) {
        if (!condition) {
            throw new IllegalArgumentException(reason);
        }
    }
}
