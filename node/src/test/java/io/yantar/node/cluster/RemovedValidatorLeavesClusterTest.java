package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.faults.ByzantineMode;
import io.yantar.node.faults.TestFaults;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.network.NodeConfigWriter;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.GovernedNetwork;
import io.yantar.node.testing.LocalHttp;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Governance removes two of six running validators under a payment load, and neither is stopped
 * by hand: node-5, honest, sees that the new epoch does not list it and leaves the Pekko cluster
 * by itself; node-6, a lying validator (silent, and under test faults it ignores its removal),
 * stays, and the four remaining validators down it {@code removed-validator-down-after} (15 s here)
 * after their epoch started. Not shorter: a graceful leave needs two gossip rounds to converge
 * (Leaving, then Exiting), 2-6 s on a quiet machine with six nodes in one JVM, and a member still
 * leaving one period after it was first seen leaving is downed; with 5 s a loaded CI machine
 * downed node-5 halfway through its leave. Both processes' ActorSystems stop (leaving, downed), the others'
 * membership is node-1 .. node-4, and payments go on. Real nodes in one JVM on loopback (HTTP
 * 16091-16096, admin +100, cluster 19541-19546).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemovedValidatorLeavesClusterTest {
    private static final int HTTP_BASE = 16091;
    private static final int CLUSTER_BASE = 19541; // below the ephemeral ports (32768-60999), which outgoing connections take
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final YantarNode[] nodes = new YantarNode[7];
    private final AtomicBoolean loading = new AtomicBoolean(true);
    private final AtomicInteger committed = new AtomicInteger();
    private volatile String loadFailure;
    private NetworkLayout layout;

    @AfterAll
    void stopAll() {
        loading.set(false);
        for (YantarNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aRemovedValidatorLeavesAndOneThatStaysIsDowned() throws Exception {
        layout = new NetworkLayout(Files.createTempDirectory("yantar-removed-test"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, new NetworkSpec("yantar-test", 6, 2,
                "127.0.0.1", CLUSTER_BASE, HTTP_BASE, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS),
                1_790_000_000_000L);
        for (int i = 1; i <= 6; i++) {
            Files.writeString(layout.nodeConfig("node-" + i), "\nyantar.cluster.removed-validator-down-after = 15s\n",
                    StandardOpenOption.APPEND);
            TestFaults faults = i == 6 ? new TestFaults(Optional.of(ByzantineMode.SILENT), Optional.empty()) : TestFaults.NONE;
            nodes[i] = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin(faults));
        }
        for (int i = 1; i <= 6; i++) {
            int node = i;
            Await.until("node-" + node + " ready", () -> get(node, "/v1/status").path("ready").asBoolean(false), TIMEOUT);
        }
        Thread load = new Thread(this::payUntilStopped, "payments");
        load.start();
        awaitPayments(5);

        remove("node-5");
        remove("node-6");
        Await.until("node-1 in an epoch of node-1 .. node-4", () -> get(1, "/v1/validators").path("set").path("validators").size() == 4,
                TIMEOUT);
        long start = get(1, "/v1/validators").path("set").path("startHeight").asLong();

        nodes[5].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(CoordinatedShutdown.clusterLeavingReason()),
                CoordinatedShutdown.get(nodes[5].system()).getShutdownReason(), "node-5 left the cluster by itself");
        nodes[6].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(CoordinatedShutdown.clusterDowningReason()),
                CoordinatedShutdown.get(nodes[6].system()).getShutdownReason(), "node-6 ignored its removal and was downed");
        for (int i = 1; i <= 4; i++) {
            int node = i;
            Await.until("node-" + node + "'s cluster is node-1 .. node-4",
                    () -> get(node, "/v1/status").path("membersUp").toString().equals("[\"node-1\",\"node-2\",\"node-3\",\"node-4\"]"),
                    TIMEOUT);
        }

        int before = committed.get();
        awaitPayments(before + 5);
        loading.set(false);
        load.join(TIMEOUT.toMillis());
        assertEquals(null, loadFailure);
        long height = get(1, "/v1/status").path("height").asLong();
        assertTrue(height > start, "blocks after the boundary " + start + ": " + height);
        Await.until("node-1 .. node-4 at one block", () -> List.of(1, 2, 3, 4).stream()
                .map(node -> get(node, "/v1/blocks/" + height).path("hash").asText("?" + node)).distinct().count() == 1, TIMEOUT);
    }

    /** The gov admin proposes removing {@code nodeId} through node-1, the bank admin approves. */
    private void remove(String nodeId) throws IOException {
        GovernedNetwork governance = new GovernedNetwork(layout, "yantar-test", HTTP_BASE, HTTP_BASE + NodeConfigWriter.ADMIN_PORT_OFFSET,
                TIMEOUT);
        governance.approve(governance.propose("remove-validator", "--node-id", nodeId));
    }

    /** One client paying through node-1 .. node-4 in turn, each payment waited for until committed. */
    private void payUntilStopped() {
        SigningKey payer;
        SigningKey payee;
        try {
            payer = KeyFiles.read(layout.key("citizen-1"));
            payee = KeyFiles.read(layout.key("citizen-2"));
        } catch (IOException e) {
            loadFailure = e.toString();
            return;
        }
        for (long nonce = 0; loading.get(); nonce++) {
            SignedTransaction payment = TestTransactions.transfer(payer, "yantar-test", nonce, TestTransactions.address(payee), 1_00);
            int port = HTTP_BASE + (int) (nonce % 4);
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                + "/v1/transactions?wait=commit")).header("Content-Type", "application/x-protobuf")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(payment))).build(), HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() != 200) {
                    loadFailure = "payment " + nonce + " through port " + port + ": " + answer.statusCode() + " " + answer.body();
                    return;
                }
                committed.incrementAndGet();
            } catch (IOException e) {
                loadFailure = "payment " + nonce + " through port " + port + ": " + e;
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void awaitPayments(int count) {
        Await.until(count + " payments committed", () -> committed.get() >= count || loadFailure != null, TIMEOUT);
        assertEquals(null, loadFailure);
    }

    private JsonNode get(int node, String path) {
        return LocalHttp.getJson(http, HTTP_BASE + node - 1, path);
    }
}
