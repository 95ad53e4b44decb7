package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.GovernedNetwork;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A validator removed by governance and later added back: node-5 leaves the cluster when the
 * epoch without it starts; its operator starts it again from an empty data directory; it catches
 * up by state transfer through the epoch that removed it without leaving again, and the
 * validators let it stay in the cluster as an observer (they down only the removed process that
 * did not leave); the admins add it back with its key, and it votes: with node-4 stopped,
 * payments commit only with node-5's vote (4 of the 5). Real nodes in one JVM on loopback (HTTP
 * 16170-16174, node-1's admin listener 16175, the others' off, cluster 19660-19664).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReaddedValidatorTest {
    private static final int HTTP_BASE = 16170;
    private static final int ADMIN_PORT = 16175;
    private static final int CLUSTER_BASE = 19660; // below the ephemeral ports (32768-60999), which outgoing connections take
    // Above the 2-6 s a graceful leave takes here (two gossip convergences) plus the seconds node-5, one of five replicas in a
    // loaded JVM, may lag behind the quorum that orders its removal, so that node-5's leave is never cut short by downing.
    private static final Duration DOWN_AFTER = Duration.ofSeconds(15);
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final YantarNode[] nodes = new YantarNode[6];
    private NetworkLayout layout;
    private GovernedNetwork network;
    private long nonce;

    @AfterAll
    void stopAll() {
        for (YantarNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aRemovedValidatorStartedAgainFromScratchCatchesUpStaysAndVotesOnceAddedBack() throws Exception {
        layout = new NetworkLayout(Files.createTempDirectory("yantar-readded-test"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, new NetworkSpec("yantar-test", 5, 2,
                "127.0.0.1", CLUSTER_BASE, HTTP_BASE, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS),
                1_790_000_000_000L);
        network = new GovernedNetwork(layout, "yantar-test", HTTP_BASE, ADMIN_PORT, TIMEOUT);
        for (int i = 1; i <= 5; i++) {
            Files.writeString(layout.nodeConfig("node-" + i), "\nyantar.cluster.removed-validator-down-after = " + DOWN_AFTER.toSeconds()
                    + "s\n" + (i == 1 ? "yantar.admin.port = " + ADMIN_PORT + "\n" : "yantar.admin.enabled = false\n"),
                    StandardOpenOption.APPEND);
            nodes[i] = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin());
        }
        for (int i = 1; i <= 5; i++) {
            int node = i;
            Await.until("node-" + node + " ready", () -> get(node, "/v1/status").path("ready").asBoolean(false), TIMEOUT);
        }
        pay();

        String removal = network.propose("remove-validator", "--node-id", "node-5");
        network.approve(removal);
        long removedFrom = payUntilEpoch(1);
        nodes[5].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(CoordinatedShutdown.clusterLeavingReason()),
                CoordinatedShutdown.get(nodes[5].system()).getShutdownReason(), "node-5 left when its removal took effect");
        for (int i = 0; i < 3; i++) {
            pay(); // blocks of the 4-set, which node-5 fetches through
        }

        Path fresh = layout.root().resolve("node-5-fresh.conf");
        Files.writeString(fresh, Files.readString(layout.nodeConfig("node-5")) + "\nyantar.data-dir = \"data/node-5-fresh\"\n");
        nodes[5] = YantarNode.start(NodeConfigLoader.load(fresh), new ConsensusReplicaPlugin());
        Await.until("node-1's cluster holds node-5 again", () -> membersUp(1).contains("node-5"), TIMEOUT);
        long joinedAt = System.nanoTime();
        long tip = get(1, "/v1/status").path("height").asLong();
        Await.until("node-5 caught up through the epoch that removed it (to " + tip + ")",
                () -> get(5, "/v1/status").path("height").asLong() >= tip, TIMEOUT);
        assertTrue(tip > removedFrom, "node-5 fetched blocks of the epoch that removed it: " + tip + " > " + removedFrom);
        // Proving an absence: the validators would down node-5 within DOWN_AFTER of its joining, so pay past twice that.
        while (System.nanoTime() - joinedAt < 2 * DOWN_AFTER.toNanos()) {
            pay();
        }
        assertNull(nodes[5].whenTerminated().toCompletableFuture().getNow(null), "node-5, started again, stays as an observer");
        for (int i = 1; i <= 5; i++) {
            assertTrue(membersUp(i).contains("node-5"), "node-" + i + "'s cluster holds node-5: " + membersUp(i));
        }

        SigningKey node5Key = KeyFiles.read(layout.key("node-5"));
        String addition = network.propose("add-validator", "--node-id", "node-5", "--organisation", NetworkGenerator.GOVERNMENT,
                "--role", "government", "--validator-key", Hex.encode(node5Key.publicKey()), "--host", "127.0.0.1",
                "--cluster-port", String.valueOf(CLUSTER_BASE + 4), "--http-port", String.valueOf(HTTP_BASE + 4));
        network.approve(addition);
        long addedFrom = payUntilEpoch(2);
        assertEquals(5, get(1, "/v1/validators").path("set").path("validators").size(), "epoch 2 lists node-5 again");
        Await.until("node-5 in epoch 2", () -> get(5, "/v1/validators").path("set").path("epoch").asLong() == 2, TIMEOUT);

        nodes[4].close();
        nodes[4].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        nodes[4] = null;
        for (int i = 0; i < 3; i++) {
            pay(); // 4 of {1, 2, 3, 5}: node-5 votes
        }
        long height = get(1, "/v1/status").path("height").asLong();
        assertTrue(height > addedFrom, "blocks after the boundary " + addedFrom + ": " + height);
        Await.until("node-1, node-2, node-3 and node-5 at one block", () -> List.of(1, 2, 3, 5).stream()
                .map(node -> get(node, "/v1/blocks/" + height).path("hash").asText("?" + node)).distinct().count() == 1, TIMEOUT);
    }

    /** Pays through node-1 until node-1 runs {@code epoch}; returns the epoch's first height. */
    private long payUntilEpoch(long epoch) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (get(1, "/v1/validators").path("set").path("epoch").asLong() != epoch) { // blocks carry the chain to the boundary
            assertTrue(System.nanoTime() < deadline, "node-1 not in epoch " + epoch + " within " + TIMEOUT);
            pay();
        }
        return get(1, "/v1/validators").path("set").path("startHeight").asLong();
    }

    private String membersUp(int node) {
        return get(node, "/v1/status").path("membersUp").toString();
    }

    private void pay() throws IOException, InterruptedException {
        network.pay(nonce++);
    }

    private JsonNode get(int node, String path) {
        return network.get(node, path);
    }
}
