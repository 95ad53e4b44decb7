package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four real validator nodes in one JVM with the real PBFT replica: Artery TCP on loopback,
 * journal files (H2 by default; PostgreSQL in the subclass), HTTP on real sockets. Payments
 * commit on every node with identical block hashes; a stopped node comes back and catches up
 * by state transfer; the primary stopped leads to a view change and progress; a wrongly
 * signed or replayed payment gets its 4xx and changes nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsensusConsortiumTest {
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final YantarNode[] nodes = new YantarNode[5];
    private NetworkLayout layout;
    private SigningKey payer;
    private SigningKey payee;
    private long nextNonce;

    /** Extra HOCON appended to every node's file (the PostgreSQL subclass sets its storage). */
    String storageSection(String nodeId) {
        return "";
    }

    @BeforeAll
    void startConsortium() throws IOException {
        Path root = Files.createTempDirectory("yantar-consensus-test");
        layout = TestNetworks.generate(root, 4);
        for (int i = 1; i <= 4; i++) {
            // Snapshots every 2 blocks, so a restart restores one and re-executes only what follows.
            String extra = storageSection("node-" + i) + "\nyantar.storage.ledger-snapshot-every-blocks = 2\n";
            Files.writeString(layout.nodeConfig("node-" + i), "\n" + extra, StandardOpenOption.APPEND);
        }
        for (int i = 1; i <= 4; i++) {
            start(i);
        }
        payer = KeyFiles.read(layout.key("citizen-1"));
        payee = KeyFiles.read(layout.key("citizen-2"));
        for (int i = 1; i <= 4; i++) {
            int node = i;
            Await.until("node-" + node + " ready", () -> status(node).path("ready").asBoolean(false), COMMIT_TIMEOUT);
        }
    }

    @AfterAll
    void stopConsortium() {
        for (YantarNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    @Order(1)
    void paymentsCommitOnEveryNodeWithIdenticalBlockHashes() throws Exception {
        List<String> ids = new ArrayList<>();
        List<SignedTransaction> payments = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SignedTransaction payment = transfer(payer, payee, nextNonce++, 1_00);
            HttpResponse<String> response = submit(1 + i % 4, payment);
            assertEquals(202, response.statusCode(), response.body());
            ids.add(JSON.readTree(response.body()).get("id").asText());
            payments.add(payment);
        }
        awaitCommitted(payments);
        long height = awaitSameHeightEverywhere(List.of(1, 2, 3, 4), 1);
        assertTrue(height >= 1);
        Set<String> hashes = new HashSet<>();
        for (int node = 1; node <= 4; node++) {
            hashes.add(status(node).get("lastBlockHash").asText());
        }
        assertEquals(1, hashes.size(), "all nodes agree on the last block hash: " + hashes);
        HttpResponse<String> again = submit(3, transfer(payer, payee, 0, 1_00));
        assertEquals(202, again.statusCode(), "resubmitting a committed payment is idempotent: " + again.body());
        assertEquals(ids.get(0), JSON.readTree(again.body()).get("id").asText());
        assertEquals("committed", JSON.readTree(again.body()).get("status").asText());
    }

    @Test
    @Order(3)
    void wronglySignedAndReplayedPaymentsAreRefusedAndChangeNothing() throws Exception {
        long before = status(1).get("height").asLong();
        SignedTransaction good = transfer(payer, payee, nextNonce, 1_00);
        byte[] badSignature = good.getSignature().toByteArray();
        badSignature[0] ^= 1;
        HttpResponse<String> forged = submit(2, good.toBuilder().setSignature(ByteString.copyFrom(badSignature)).build());
        assertEquals(400, forged.statusCode());
        assertTrue(forged.body().contains("BAD_SIGNATURE"), forged.body());

        SignedTransaction replay = transfer(payer, payee, 1, 5_00); // nonce 1 was used by test 1
        HttpResponse<String> replayed = submit(4, replay);
        assertEquals(400, replayed.statusCode());
        assertTrue(replayed.body().contains("NONCE_REPLAYED"), replayed.body());
        assertEquals(before, status(1).get("height").asLong(), "no block was made for refused payments");
    }

    @Test
    @Order(4)
    void aStoppedNodeRestartsAndCatchesUp() throws Exception {
        assertTrue(Files.exists(layout.dataDir("node-3").resolve("ledger-snapshot.pb")), "node-3 wrote a ledger snapshot");
        nodes[3].close();
        nodes[3] = null;
        // One block per payment, more blocks than the watermark window (16): node-3 comes back farther
        // behind than it may order, fetches, and must take part in ordering again (the next test needs its votes).
        long before = awaitSameHeightEverywhere(List.of(1, 2, 4), 1);
        for (int i = 0; i < 20; i++) {
            SignedTransaction payment = transfer(payer, payee, nextNonce++, 1_00);
            assertEquals(202, submit(1 + i % 2, payment).statusCode());
            awaitCommitted(List.of(payment));
        }
        long height = awaitSameHeightEverywhere(List.of(1, 2, 4), before + 20);
        start(3);
        Await.until("node-3 ready again", () -> status(3).path("ready").asBoolean(false), COMMIT_TIMEOUT);
        // All four at one height and block hash, at least where the others were (a later block, e.g. a null block
        // after a view change, may have been added meanwhile).
        assertTrue(awaitSameHeightEverywhere(List.of(1, 2, 3, 4), height) >= height, "node-3 caught up to the same block hash");
        assertEquals(202, submit(3, transfer(payer, payee, nextNonce++, 1_00)).statusCode());
        awaitSameHeightEverywhere(List.of(1, 2, 3, 4), height + 1);
    }

    @Test
    @Order(5)
    void stoppingThePrimaryLeadsToAViewChangeAndProgress() throws Exception {
        String primary = status(2).get("primary").asText();
        int primaryIndex = Integer.parseInt(primary.substring("node-".length()));
        long viewBefore = status(2).get("view").asLong();
        nodes[primaryIndex].close();
        nodes[primaryIndex] = null;
        List<Integer> alive = new ArrayList<>(List.of(1, 2, 3, 4));
        alive.remove(Integer.valueOf(primaryIndex));
        long height = status(alive.get(0)).get("height").asLong();
        assertEquals(202, submit(alive.get(0), transfer(payer, payee, nextNonce++, 1_00)).statusCode());
        long after = awaitSameHeightEverywhere(alive, height + 1);
        for (int node : alive) {
            JsonNode status = status(node);
            assertTrue(status.get("view").asLong() > viewBefore, "view moved on at node-" + node + ": " + status);
            assertNotEquals(primary, status.get("primary").asText());
        }
        assertTrue(after > height);
    }

    // ------------------------------------------------------------------ helpers

    /** Resubmitting is idempotent: a committed payment answers "committed" (at node-1, or the first node up). */
    /** Histograms that must count a payment admitted at a node once it is committed and stored there. */
    private static final List<String> LATENCIES_OF_A_PAYMENT = List.of(
            "yantar_consensus_admission_to_preprepare_seconds", "yantar_consensus_preprepare_to_prepared_seconds",
            "yantar_consensus_prepared_to_committed_seconds", "yantar_consensus_committed_to_stored_seconds",
            "yantar_consensus_journal_write_seconds", "yantar_journal_write_seconds", "yantar_tx_commit_latency_seconds",
            "yantar_consensus_proposal_to_commit_seconds", "yantar_http_submit_transaction_seconds");

    @Test
    @Order(2)
    void phaseJournalAndHttpLatenciesMoveWhenAPaymentCommits() throws Exception {
        Map<Integer, Map<String, Double>> before = new HashMap<>();
        for (int node = 1; node <= 4; node++) {
            before.put(node, histogramCounts(node));
        }
        // Payments go to node-2, 3, 4, 1 in turn until the node that admitted one timed all its phases.
        // A node passes none of them for a block it receives by state transfer: one still catching up
        // after the first test on a slow machine, or one that suspected the primary alone and waits in
        // a higher view (PBFT: until f others join it) while the other three commit.
        List<SignedTransaction> sent = new ArrayList<>();
        Map<Integer, List<String>> unmoved = new TreeMap<>();
        int[] timing = new int[1];
        try {
            Await.until("every latency histogram of a node counted a payment it admitted", () -> {
                int node = 1 + (sent.size() + 1) % 4;
                SignedTransaction payment = transfer(payer, payee, nextNonce++, 1_00);
                sent.add(payment);
                assertEquals(202, submitUnchecked(node, payment).statusCode());
                awaitCommitted(List.of(payment));
                Map<String, Double> after = histogramCounts(node);
                List<String> notYet = LATENCIES_OF_A_PAYMENT.stream()
                        .filter(name -> after.getOrDefault(name, 0.0) <= before.get(node).getOrDefault(name, 0.0)).toList();
                unmoved.put(node, notYet);
                timing[0] = node;
                return notYet.isEmpty();
            }, Duration.ofSeconds(3 * COMMIT_TIMEOUT.toSeconds()));
        } catch (RuntimeException timedOut) {
            StringBuilder statuses = new StringBuilder();
            for (int node = 1; node <= 4; node++) {
                statuses.append("\nnode-").append(node).append(": ").append(status(node));
            }
            throw new AssertionError(sent.size() + " payments sent; histograms that never moved, by node: " + unmoved
                    + statuses, timedOut);
        }
        assertTrue(sent.size() <= 12, "no node timed any of the first 12 payments: " + sent.size() + ", " + unmoved);
        String metrics = metrics(timing[0]);
        for (String name : LATENCIES_OF_A_PAYMENT) {
            assertTrue(metrics.contains("# TYPE " + name + " histogram\n"), name);
            assertTrue(metrics.contains(name + "_bucket{le=\"+Inf\"}"), name);
        }
        // That node forwarded the payments it admitted and voted on their blocks.
        for (String kind : List.of("requests", "commit")) {
            assertTrue(sample(metrics, "yantar_peer_messages_sent_total{kind=\"" + kind + "\"}") >= 1, kind);
            assertTrue(sample(metrics, "yantar_peer_sent_bytes_total{kind=\"" + kind + "\"}") > 0, kind);
        }
    }

    /** The value of one sample line of a /metrics text, 0 when absent. */
    private static double sample(String metrics, String series) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1));
            }
        }
        return 0;
    }

    /** The {@code _count} of every histogram in node's /metrics, by histogram name. */
    private Map<String, Double> histogramCounts(int node) {
        Map<String, Double> counts = new HashMap<>();
        for (String line : metrics(node).split("\n")) {
            int space = line.lastIndexOf(' ');
            if (!line.startsWith("#") && space > 0 && line.substring(0, space).endsWith("_count")) {
                counts.put(line.substring(0, space - "_count".length()), Double.parseDouble(line.substring(space + 1)));
            }
        }
        return counts;
    }

    private String metrics(int node) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(base(node) + "/metrics")).GET().build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private void awaitCommitted(List<SignedTransaction> payments) {
        for (SignedTransaction payment : payments) {
            Await.until("payment committed", () -> {
                try {
                    HttpResponse<String> response = submit(firstRunning(), payment);
                    return response.statusCode() == 202 && response.body().contains("\"committed\"");
                } catch (Exception e) {
                    return false;
                }
            }, COMMIT_TIMEOUT);
        }
    }

    private int firstRunning() {
        for (int node = 1; node <= 4; node++) {
            if (nodes[node] != null) {
                return node;
            }
        }
        throw new IllegalStateException("no node running");
    }

    private void start(int node) {
        nodes[node] = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + node)), new ConsensusReplicaPlugin());
    }

    private long awaitSameHeightEverywhere(List<Integer> which, long atLeast) {
        long[] agreed = new long[1];
        Await.until("nodes " + which + " at one height >= " + atLeast, () -> {
            Set<String> tips = new HashSet<>();
            long height = -1;
            for (int node : which) {
                JsonNode status = status(node);
                height = status.path("height").asLong(-1);
                if (height < atLeast) {
                    return false;
                }
                tips.add(height + "/" + status.path("lastBlockHash").asText());
            }
            agreed[0] = height;
            return tips.size() == 1;
        }, COMMIT_TIMEOUT);
        return agreed[0];
    }

    private JsonNode status(int node) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(node) + "/v1/status")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    private HttpResponse<String> submitUnchecked(int node, SignedTransaction transaction) {
        try {
            return submit(node, transaction);
        } catch (Exception e) {
            throw new IllegalStateException("submitting to node-" + node + " failed", e);
        }
    }

    private HttpResponse<String> submit(int node, SignedTransaction transaction) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base(node) + "/v1/transactions"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(transaction))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base(int node) {
        return "http://127.0.0.1:" + nodes[node].httpPort();
    }

    static SignedTransaction transfer(SigningKey from, SigningKey to, long nonce, long kopecks) {
        return TestTransactions.transfer(from, "yantar-test", nonce, TestTransactions.address(to), kopecks);
    }
}
