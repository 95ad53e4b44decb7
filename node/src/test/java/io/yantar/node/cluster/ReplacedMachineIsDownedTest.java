package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.faults.ByzantineMode;
import io.yantar.node.faults.TestFaults;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.network.NodeConfigWriter;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.GovernedNetwork;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
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
 * node-4's machine is replaced (same id, new key, another cluster port) while the old machine
 * lies: silent, and under test faults it ignores that its key no longer counts and stays in the
 * Pekko cluster. Both machines carry the cluster role of node-4, but the old one is at the address
 * node-4 had before the replace-key: the validators down it {@code removed-validator-down-after}
 * (5 s here) after the epoch started, the new machine stays up and votes, and payments go on.
 * Real nodes in one JVM on loopback (HTTP 16150-16154, node-1's admin listener 16155, the others'
 * off, cluster 19580-19584).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplacedMachineIsDownedTest {
    private static final int HTTP_BASE = 16150;
    private static final int ADMIN_PORT = 16155;
    private static final int CLUSTER_BASE = 19580; // below the ephemeral ports (32768-60999), which outgoing connections take
    private static final int NEW_NODE_4 = 5;
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private final YantarNode[] nodes = new YantarNode[NEW_NODE_4 + 1];
    private NetworkLayout layout;
    private GovernedNetwork network;

    @AfterAll
    void stopAll() {
        for (YantarNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void theOldMachineOfAReplacedValidatorThatStaysIsDowned() throws Exception {
        layout = new NetworkLayout(Files.createTempDirectory("yantar-replaced-test"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, new NetworkSpec("yantar-test", 4, 2,
                "127.0.0.1", CLUSTER_BASE, HTTP_BASE, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS),
                1_790_000_000_000L);
        network = new GovernedNetwork(layout, "yantar-test", HTTP_BASE, ADMIN_PORT, TIMEOUT);
        Genesis genesis = Genesis.parseFrom(Files.readAllBytes(layout.genesisBinary()));
        SigningKey newKey = CryptoSuites.ed25519().generateKey(new SecureRandom());
        KeyFiles.write(layout.key("node-4b"), newKey);
        ValidatorInfo newNode4 = genesis.getValidators().getValidators(3).toBuilder().setPublicKey(ByteString.copyFrom(newKey.publicKey()))
                .setClusterPort(CLUSTER_BASE + NEW_NODE_4 - 1).setHttpPort(HTTP_BASE + NEW_NODE_4 - 1).build();
        Path newNode4Config = layout.root().resolve("node-4b.conf");
        Files.writeString(newNode4Config, NodeConfigWriter.render(newNode4, genesis.getValidators().getValidatorsList(), false)
                + "\nyantar.node.observer = true\nyantar.key-file = \"keys/node-4b.key\"\nyantar.data-dir = \"data/node-4b\"\n");
        for (int i = 1; i <= NEW_NODE_4; i++) {
            Path config = i == NEW_NODE_4 ? newNode4Config : layout.nodeConfig("node-" + i);
            Files.writeString(config, "\nyantar.cluster.removed-validator-down-after = 5s\n"
                    + (i == 1 ? "yantar.admin.port = " + ADMIN_PORT + "\n" : "yantar.admin.enabled = false\n"), StandardOpenOption.APPEND);
            TestFaults faults = i == 4 ? new TestFaults(Optional.of(ByzantineMode.SILENT), Optional.empty()) : TestFaults.NONE;
            nodes[i] = YantarNode.start(NodeConfigLoader.load(config), new ConsensusReplicaPlugin(faults));
        }
        for (int i = 1; i <= NEW_NODE_4; i++) {
            int node = i;
            Await.until("node-" + node + " ready", () -> get(node, "/v1/status").path("ready").asBoolean(false), TIMEOUT);
        }
        pay(0);

        String id = network.propose("replace-key", "--node-id", "node-4", "--validator-key", Hex.encode(newKey.publicKey()),
                "--host", "127.0.0.1", "--cluster-port", String.valueOf(newNode4.getClusterPort()),
                "--http-port", String.valueOf(newNode4.getHttpPort()));
        network.approve(id);
        long nonce = 1;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (get(1, "/v1/validators").path("set").path("epoch").asLong() != 1) { // blocks carry the chain to the boundary
            assertTrue(System.nanoTime() < deadline, "node-1 not in epoch 1 within " + TIMEOUT);
            pay(nonce++);
        }
        long start = get(1, "/v1/validators").path("set").path("startHeight").asLong();

        nodes[4].whenTerminated().toCompletableFuture().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        assertEquals(Optional.of(CoordinatedShutdown.clusterDowningReason()),
                CoordinatedShutdown.get(nodes[4].system()).getShutdownReason(), "the old node-4 machine ignored its replacement and was downed");
        nodes[4] = null;
        for (int node : List.of(1, 2, 3, NEW_NODE_4)) {
            Await.until("node-" + node + "'s cluster holds node-4 once, the new machine",
                    () -> get(node, "/v1/status").path("membersUp").toString().equals("[\"node-1\",\"node-2\",\"node-3\",\"node-4\"]"),
                    TIMEOUT);
        }
        assertTrue(nodes[NEW_NODE_4].whenTerminated().toCompletableFuture().getNow(null) == null, "the new node-4 machine stays up");

        for (long last = nonce + 3; nonce < last; nonce++) {
            pay(nonce);
        }
        long height = get(1, "/v1/status").path("height").asLong();
        assertTrue(height > start, "blocks after the boundary " + start + ": " + height);
        Await.until("node-1 .. node-3 and the new node-4 at one block", () -> List.of(1, 2, 3, NEW_NODE_4).stream()
                .map(node -> get(node, "/v1/blocks/" + height).path("hash").asText("?" + node)).distinct().count() == 1, TIMEOUT);
    }

    private void pay(long nonce) throws IOException, InterruptedException {
        network.pay(nonce);
    }

    private JsonNode get(int node, String path) {
        return network.get(node, path);
    }
}
