package io.yantar.node.cluster;

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
import io.yantar.node.testing.CliRun;
import io.yantar.node.testing.LocalHttp;
import io.yantar.proto.Genesis;
import io.yantar.proto.ValidatorInfo;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final YantarNode[] nodes = new YantarNode[NEW_NODE_4 + 1];
    private NetworkLayout layout;

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

        CliRun.Result proposed = admin("propose", "replace-key", "--node-id", "node-4", "--validator-key", Hex.encode(newKey.publicKey()),
                "--host", "127.0.0.1", "--cluster-port", String.valueOf(newNode4.getClusterPort()),
                "--http-port", String.valueOf(newNode4.getHttpPort()), "--key", layout.key(NetworkGenerator.GOV_ADMIN).toString(), "--wait");
        String id = JSON.readTree(proposed.out().substring(proposed.out().indexOf('{'))).path("id").asText();
        admin("approve", id, "--key", layout.key(NetworkGenerator.BANK_ADMIN).toString(), "--wait");
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

    /** One payment through node-1, waited for until committed (polled past the node's 10 s commit wait on a busy machine). */
    private void pay(long nonce) throws IOException, InterruptedException {
        SigningKey payer = KeyFiles.read(layout.key("citizen-1"));
        SigningKey payee = KeyFiles.read(layout.key("citizen-2"));
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_BASE + "/v1/transactions?wait=commit"))
                .header("Content-Type", "application/x-protobuf").timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(TestTransactions.transfer(payer, "yantar-test", nonce,
                        TestTransactions.address(payee), 1_00)))).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(answer.statusCode() == 200 || answer.statusCode() == 504, "payment " + nonce + ": " + answer.body());
        String id = JSON.readTree(answer.body()).path("id").asText();
        Await.until("payment " + nonce + " committed", () -> "committed".equals(get(1, "/v1/transactions/" + id).path("status").asText()),
                TIMEOUT);
    }

    private CliRun.Result admin(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "admin";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--node";
        all[args.length + 2] = "http://127.0.0.1:" + ADMIN_PORT;
        all[args.length + 3] = "--api";
        all[args.length + 4] = "http://127.0.0.1:" + HTTP_BASE;
        CliRun.Result result = CliRun.run(all);
        assertEquals(0, result.code(), String.join(" ", all) + ": " + result.out() + result.err());
        return result;
    }

    private JsonNode get(int node, String path) {
        return LocalHttp.getJson(http, HTTP_BASE + node - 1, path);
    }
}
