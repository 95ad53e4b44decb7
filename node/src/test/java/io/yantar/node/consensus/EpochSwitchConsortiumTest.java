package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.cli.YantarCli;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.network.NodeConfigWriter;
import io.yantar.node.testing.Await;
import io.yantar.proto.Genesis;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.ValidatorInfo;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Grows a running consortium from 4 to 5 validators, then shrinks it back to 4, under a steady
 * payment load: node-5 starts
 * outside the genesis set (an observer), the admins propose and approve it with
 * {@code yantar admin}, every node switches to epoch 1 at the scheduled height, and node-5 then
 * votes: with node-1 stopped, payments still commit, which needs 4 of the 5 (node-5 included).
 * Then the admins remove the stopped node-1, and epoch 2 ({@code node-2 .. node-5}) carries on;
 * then node-3's machine is replaced (same id, new key: the new machine observes until epoch 3),
 * the old one leaves the cluster by itself, node-4 is stopped, and payments still commit (the new
 * node-3's vote needed).
 * Every acknowledged payment is on every remaining node and the block hashes agree, node-6
 * included: an observer that is never added (an auditor) and follows from the CHECKPOINTs. The
 * committed payments per second around the switch are printed. Real nodes in one JVM on
 * loopback (HTTP 13081-13087, admin +100, cluster 19521-19527).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EpochSwitchConsortiumTest {
    private static final int HTTP_BASE = 13081;
    private static final int CLUSTER_BASE = 19521; // below the ephemeral ports (32768-60999), which outgoing connections take
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final YantarNode[] nodes = new YantarNode[8];
    private NetworkLayout layout;
    private SigningKey payer;
    private SigningKey payee;
    private final List<String> committed = new CopyOnWriteArrayList<>();
    private final List<Long> commitMillis = new CopyOnWriteArrayList<>();
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private volatile List<Integer> loadTargets = List.of(1, 2, 3, 4);
    private volatile String loadFailure;

    @AfterAll
    void stop() {
        loading.set(false);
        for (YantarNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void growsShrinksAndReplacesAMachineUnderLoad() throws Exception {
        layout = new NetworkLayout(Files.createTempDirectory("yantar-epoch-test"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, new NetworkSpec("yantar-test", 4, 2,
                "127.0.0.1", CLUSTER_BASE, HTTP_BASE, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS),
                1_790_000_000_000L);
        SigningKey node5Key = CryptoSuites.ed25519().generateKey(new SecureRandom());
        KeyFiles.write(layout.key("node-5"), node5Key);
        Genesis genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        ValidatorInfo node5 = ValidatorInfo.newBuilder().setNodeId("node-5").setOrganisation(NetworkGenerator.GOVERNMENT)
                .setRole("government").setPublicKey(ByteString.copyFrom(node5Key.publicKey())).setHost("127.0.0.1")
                .setClusterPort(CLUSTER_BASE + 4).setHttpPort(HTTP_BASE + 4).build();
        List<ValidatorInfo> everyone = new ArrayList<>(genesis.getValidators().getValidatorsList());
        everyone.add(node5);
        Files.writeString(layout.nodeConfig("node-5"), NodeConfigWriter.render(node5, everyone, false)
                + "\nyantar.node.observer = true\n");
        SigningKey auditorKey = CryptoSuites.ed25519().generateKey(new SecureRandom());
        KeyFiles.write(layout.key("node-6"), auditorKey);
        ValidatorInfo auditor = ValidatorInfo.newBuilder().setNodeId("node-6").setOrganisation("Audit Chamber").setRole("bank")
                .setPublicKey(ByteString.copyFrom(auditorKey.publicKey())).setHost("127.0.0.1")
                .setClusterPort(CLUSTER_BASE + 5).setHttpPort(HTTP_BASE + 5).build();
        everyone.add(auditor);
        Files.writeString(layout.nodeConfig("node-6"), NodeConfigWriter.render(auditor, everyone, false)
                + "\nyantar.node.observer = true\n");
        for (int i = 1; i <= 6; i++) {
            nodes[i] = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin());
        }
        for (int i = 1; i <= 6; i++) {
            int node = i;
            Await.until("node-" + node + " ready", () -> status(node).path("ready").asBoolean(false), TIMEOUT);
        }
        payer = KeyFiles.read(layout.key("citizen-1"));
        payee = KeyFiles.read(layout.key("citizen-2"));
        Thread load = new Thread(this::payWhileLoading, "payments");
        load.start();
        awaitPayments(10);

        long approvedAtMillis = System.currentTimeMillis();
        String proposal = admin(1, "propose", "add-validator", "--key", layout.key(NetworkGenerator.GOV_ADMIN).toString(),
                "--node-id", "node-5", "--organisation", NetworkGenerator.GOVERNMENT, "--role", "government",
                "--validator-key", Hex.encode(node5Key.publicKey()), "--host", "127.0.0.1",
                "--cluster-port", String.valueOf(CLUSTER_BASE + 4), "--http-port", String.valueOf(HTTP_BASE + 4), "--wait");
        long start = approve(1, proposal, 1, 5);
        awaitPast(start, List.of(1, 2, 3, 4, 5));
        long switchedAtMillis = System.currentTimeMillis();
        assertEquals(1, get(2, "/v1/blocks/" + start).path("commitCertificate").path("epoch").asLong(),
                "the first block of epoch 1 is certified by the new set");
        assertEquals(0, get(2, "/v1/blocks/" + (start - 1)).path("commitCertificate").path("epoch").asLong());

        loadTargets = List.of(2, 3, 4, 5);
        long stoppedAtMillis = System.currentTimeMillis();
        nodes[1].close();
        nodes[1] = null;
        int before = committed.size();
        awaitPayments(before + 10); // 4 of 5 must vote: node-5 among them

        // Shrink: the admins retire the stopped node-1 (5 -> 4), through node-2.
        long removalAtMillis = System.currentTimeMillis();
        String removal = admin(2, "propose", "remove-validator", "--node-id", "node-1",
                "--key", layout.key(NetworkGenerator.GOV_ADMIN).toString(), "--wait");
        long start2 = approve(2, removal, 2, 4);
        awaitPast(start2, List.of(2, 3, 4, 5));
        long shrunkAtMillis = System.currentTimeMillis();
        assertEquals(2, get(2, "/v1/blocks/" + start2).path("commitCertificate").path("epoch").asLong(),
                "from the second boundary on, blocks are certified by {node-2 .. node-5}");
        awaitPayments(committed.size() + 5);

        // Replace node-3's machine: the new one (index 7 here) runs as node-3 with a new key, observing
        // until the admins' replace-key takes effect; then the old one is stopped, and node-4 too:
        // progress needs node-2, node-5 and the new node-3.
        SigningKey newNode3Key = CryptoSuites.ed25519().generateKey(new SecureRandom());
        KeyFiles.write(layout.key("node-3b"), newNode3Key);
        ValidatorInfo oldNode3 = genesis.getValidators().getValidators(2);
        ValidatorInfo newNode3 = oldNode3.toBuilder().setPublicKey(ByteString.copyFrom(newNode3Key.publicKey()))
                .setClusterPort(CLUSTER_BASE + 6).setHttpPort(HTTP_BASE + 6).build();
        Files.writeString(layout.root().resolve("node-3b.conf"), NodeConfigWriter.render(newNode3, everyone, false)
                + "\nyantar.node.observer = true\nyantar.key-file = \"keys/node-3b.key\"\nyantar.data-dir = \"data/node-3b\"\n");
        nodes[7] = YantarNode.start(NodeConfigLoader.load(layout.root().resolve("node-3b.conf")), new ConsensusReplicaPlugin());
        Await.until("the new node-3 ready", () -> status(7).path("ready").asBoolean(false), TIMEOUT);
        String replacement = admin(2, "propose", "replace-key", "--node-id", "node-3",
                "--validator-key", Hex.encode(newNode3Key.publicKey()), "--host", "127.0.0.1",
                "--cluster-port", String.valueOf(CLUSTER_BASE + 6), "--http-port", String.valueOf(HTTP_BASE + 6),
                "--key", layout.key(NetworkGenerator.GOV_ADMIN).toString(), "--wait");
        long start3 = approve(2, replacement, 3, 4);
        awaitPast(start3, List.of(2, 4, 5, 7));
        assertEquals(3, get(2, "/v1/blocks/" + start3).path("commitCertificate").path("epoch").asLong());
        nodes[3].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        assertEquals(java.util.Optional.of(org.apache.pekko.actor.CoordinatedShutdown.clusterLeavingReason()),
                org.apache.pekko.actor.CoordinatedShutdown.get(nodes[3].system()).getShutdownReason(),
                "the old node-3 machine left the cluster when its key was replaced");
        loadTargets = List.of(2, 5, 7);
        for (int replacedOrStopped : new int[] {3, 4}) {
            nodes[replacedOrStopped].close();
            nodes[replacedOrStopped] = null;
        }
        awaitPayments(committed.size() + 5); // 3 of {2, new 3, 4, 5}: the new node-3 votes
        loading.set(false);
        load.join(TIMEOUT.toMillis());
        assertEquals(null, loadFailure);

        List<Integer> remaining = List.of(2, 5, 6, 7); // node-6, never added, follows as an auditor
        Await.until("nodes 2, 5, 6 and the new 3 at one block", () -> {
            Set<String> tips = new HashSet<>();
            for (int node : remaining) {
                JsonNode status = status(node);
                tips.add(status.path("height").asLong() + "/" + status.path("lastBlockHash").asText());
            }
            return tips.size() == 1;
        }, TIMEOUT);
        for (String payment : committed) {
            for (int node : remaining) {
                assertEquals("committed", get(node, "/v1/transactions/" + payment).path("status").asText(),
                        "payment " + payment + " on node-" + node);
            }
        }
        printThroughput(approvedAtMillis, switchedAtMillis, stoppedAtMillis, removalAtMillis, shrunkAtMillis);
    }

    /** The bank admin approves the gov admin's {@code proposal} (output of propose) via node {@code via}; the epoch's start. */
    private long approve(int via, String proposal, long epoch, int validators) throws Exception {
        String id = JSON.readTree(proposal.substring(proposal.indexOf('{'))).path("id").asText();
        admin(via, "approve", id, "--key", layout.key(NetworkGenerator.BANK_ADMIN).toString(), "--wait");
        JsonNode next = get(via, "/v1/validators").path("next");
        assertEquals(epoch, next.path("epoch").asLong(), next.toString());
        assertEquals(validators, next.path("validators").size(), next.toString());
        return next.path("startHeight").asLong();
    }

    private void awaitPast(long start, List<Integer> which) {
        for (int node : which) {
            Await.until("node-" + node + " past the boundary " + start, () -> status(node).path("height").asLong() >= start + 2, TIMEOUT);
        }
    }

    /** One client paying in a closed loop: submit, wait until committed, next; to the nodes in {@link #loadTargets}. */
    private void payWhileLoading() {
        long nonce = 0;
        try {
            while (loading.get()) {
                List<Integer> targets = loadTargets;
                int node = targets.get((int) (nonce % targets.size()));
                SignedTransaction payment = io.yantar.node.http.TestTransactions.transfer(payer, "yantar-test", nonce,
                        io.yantar.node.http.TestTransactions.address(payee), 1_00);
                String id = submitUntilAdmitted(payment);
                nonce++;
                long deadline = System.currentTimeMillis() + TIMEOUT.toMillis();
                while (!"committed".equals(get(loadTargets.get(0), "/v1/transactions/" + id).path("status").asText())) {
                    if (System.currentTimeMillis() > deadline) {
                        loadFailure = "payment " + id + " (nonce " + (nonce - 1) + ") not committed in " + TIMEOUT;
                        return;
                    }
                    Thread.sleep(20);
                }
                commitMillis.add(System.currentTimeMillis()); // first: awaitPayments counts committed
                committed.add(id);
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private String submitUntilAdmitted(SignedTransaction payment) throws InterruptedException {
        while (true) {
            for (int node : loadTargets) {
                try {
                    HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(node) + "/v1/transactions"))
                            .header("Content-Type", "application/x-protobuf").timeout(Duration.ofSeconds(5))
                            .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(payment))).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 202) {
                        return JSON.readTree(response.body()).get("id").asText();
                    }
                } catch (java.io.IOException unreachable) {
                    // a stopped node: try the next
                }
            }
            Thread.sleep(100);
        }
    }

    private void awaitPayments(int count) {
        Await.until(count + " payments committed", () -> committed.size() >= count || loadFailure != null, TIMEOUT);
        assertEquals(null, loadFailure);
    }

    /** Committed payments per second, and the slowest second from the proposal until node-1 is stopped (after the switch). */
    private void printThroughput(long approvedAtMillis, long switchedAtMillis, long stoppedAtMillis, long removalAtMillis,
                                 long shrunkAtMillis) {
        Map<Long, Integer> perSecond = new TreeMap<>();
        long first = commitMillis.get(0) / 1000;
        for (long millis : commitMillis) {
            perSecond.merge(millis / 1000 - first, 1, Integer::sum);
        }
        long approved = approvedAtMillis / 1000 - first;
        long switched = switchedAtMillis / 1000 - first;
        long stopped = stoppedAtMillis / 1000 - first;
        // The first ten payments may all commit within the second of the proposal: a rate over whole
        // seconds before it would then be empty, so the rate before is counted in milliseconds.
        long paidBefore = commitMillis.stream().filter(millis -> millis < approvedAtMillis).count();
        double before = paidBefore * 1000.0 / Math.max(1, approvedAtMillis - commitMillis.get(0));
        int slowest = Integer.MAX_VALUE;
        for (long second = approved; second < stopped; second++) {
            slowest = Math.min(slowest, perSecond.getOrDefault(second, 0));
        }
        long removal = removalAtMillis / 1000 - first;
        long shrunk = shrunkAtMillis / 1000 - first;
        int slowestShrinking = Integer.MAX_VALUE;
        for (long second = removal; second <= shrunk; second++) {
            slowestShrinking = Math.min(slowestShrinking, perSecond.getOrDefault(second, 0));
        }
        System.out.println("EPOCH SWITCH THROUGHPUT: " + commitMillis.size() + " payments (one closed-loop client); "
                + String.format("%.1f", before) + "/s before the proposal, slowest second " + slowest
                + "/s from the proposal (s " + approved + ") past the switch (all nodes beyond the boundary at s " + switched
                + ") until node-1 stops (s " + stopped + "); shrinking 5 -> 4: slowest second " + slowestShrinking
                + "/s from the proposal (s " + removal + ") until nodes 2-5 passed the boundary (s " + shrunk + "); per second: "
                + perSecond);
        assertTrue(paidBefore >= 10, "the load committed ten payments before the proposal: " + paidBefore);
    }

    /** {@code yantar admin ...} through node {@code via}'s admin listener and API. */
    private String admin(int via, String... args) {
        List<String> all = new ArrayList<>(List.of("admin"));
        all.addAll(List.of(args));
        all.addAll(List.of("--node", "http://127.0.0.1:" + (HTTP_BASE + via - 1 + NodeConfigWriter.ADMIN_PORT_OFFSET),
                "--api", base(via)));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = YantarCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, code, "yantar " + String.join(" ", all) + ": " + out + err);
        return out.toString();
    }

    private JsonNode status(int node) {
        return get(node, "/v1/status");
    }

    private JsonNode get(int node, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(node) + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    private static String base(int node) {
        return "http://127.0.0.1:" + (HTTP_BASE + node - 1);
    }
}
