package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.CliRun;
import io.yantar.node.testing.LocalHttp;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A new operator joins a running four-node consortium over TLS the documented way: the CA
 * holder runs {@code yantar tls sign-node}, the new operator {@code yantar keygen} and
 * {@code yantar join ... --start} (a real process); the fifth node joins the cluster as an
 * observer, catches up by state transfer, follows new blocks and serves reads, and votes in
 * no block. The CLI's refusals are checked against the same consortium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinCommandTest {
    private static final int HTTP_BASE = 16081;
    private static final int CLUSTER_BASE = 19621; // below the ephemeral ports (32768-60999), which outgoing connections take
    private static final int JOINER_HTTP = HTTP_BASE + 4;
    private static final int JOINER_CLUSTER = CLUSTER_BASE + 4;
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final YantarNode[] nodes = new YantarNode[4];
    private NetworkLayout network;
    private Path operator;
    private Process joiner;
    private SigningKey payer;
    private SigningKey payee;
    private long nonce;

    @BeforeAll
    void startConsortiumOverTls() throws Exception {
        network = new NetworkLayout(Files.createTempDirectory("yantar-join-network"));
        operator = Files.createTempDirectory("yantar-join-operator");
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(network, new NetworkSpec("yantar-test", 4, 2,
                "127.0.0.1", CLUSTER_BASE, HTTP_BASE, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS)
                .withTls(true), 1_790_000_000_000L);
        for (int i = 1; i <= 4; i++) {
            // Bounds how long closing a tls-tcp node waits for its ActorSystem (Pekko 1.7.0, docs/SECURITY.md).
            Files.writeString(network.nodeConfig("node-" + i), "\nyantar.startup-timeout = 20s\n", StandardOpenOption.APPEND);
        }
        for (int i = 0; i < 4; i++) {
            nodes[i] = YantarNode.start(NodeConfigLoader.load(network.nodeConfig("node-" + (i + 1))), new ConsensusReplicaPlugin());
        }
        payer = KeyFiles.read(network.key("citizen-1"));
        payee = KeyFiles.read(network.key("citizen-2"));
        Await.until("four validators ready over TLS", () -> List.of(nodes).stream().allMatch(n -> n.readiness().isReady()), TIMEOUT);
    }

    @AfterAll
    void stopAll() throws InterruptedException {
        if (joiner != null) {
            joiner.destroy();
            if (!joiner.waitFor(30, TimeUnit.SECONDS)) {
                joiner.destroyForcibly();
            }
        }
        List.of(nodes).stream().filter(Objects::nonNull).map(node -> CompletableFuture.runAsync(node::close)).toList()
                .forEach(CompletableFuture::join);
    }

    @Test
    void aFifthNodeJoinsAsAnObserverCatchesUpAndServesReads() throws Exception {
        pay(1);
        pay(2);
        pay(3);
        Path issued = operator.resolve("from-ca");
        CliRun.Result signed = CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-5",
                "--organisation", "Audit Chamber", "--host", "127.0.0.1", "--out", issued.toString());
        assertEquals(0, signed.code(), signed.err());
        CliRun.Result key = CliRun.run("keygen", "--out", operator.toString(), "--name", "node-5");
        assertEquals(0, key.code(), key.err());

        Path log = operator.resolve("node-5.log");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), YantarCli.class.getName()));
        command.addAll(joinArguments(issued, operator.resolve("node")));
        command.add("--start");
        joiner = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

        Await.until("node-5 up and at node-1's height", () -> {
            JsonNode status = get(JOINER_HTTP, "/v1/status");
            return status.path("ready").asBoolean(false) && status.path("height").asLong(-1) == get(HTTP_BASE, "/v1/status").path("height").asLong();
        }, Duration.ofSeconds(90));
        assertTrue(get(HTTP_BASE, "/v1/status").path("membersUp").toString().contains("node-5"), "node-5 is a cluster member over TLS");

        long height = pay(4);
        Await.until("node-5 follows block " + height, () -> get(JOINER_HTTP, "/v1/status").path("height").asLong() >= height, TIMEOUT);
        JsonNode latest = get(JOINER_HTTP, "/v1/blocks/latest");
        assertEquals(get(HTTP_BASE, "/v1/blocks/" + height).path("hash").asText("a"), latest.path("hash").asText("b"),
                "node-5 serves the same block as node-1: " + latest);
        JsonNode validators = get(JOINER_HTTP, "/v1/validators").path("set").path("validators");
        assertEquals(4, validators.size(), validators.toString());
        assertFalse(validators.toString().contains("node-5"), "node-5 is not in the voting set: " + validators);
        assertFalse(latest.path("commitCertificate").toString().contains("node-5"), "node-5 signed no commit: " + latest);
        String written = Files.readString(log);
        assertTrue(written.contains("this node observes"), "node-5 logs that it observes:\n" + written);

        String config = Files.readString(operator.resolve("node").resolve("node-5.conf"));
        assertTrue(config.contains("yantar.node.observer = true"), config);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(operator.resolve("node/tls/node-5.p12"))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(operator.resolve("node/keys/node-5.key"))));
    }

    @Test
    void refusesAnUnreachablePeerAnotherChainMissingTlsFilesAndAReadableKey() throws Exception {
        Path issued = operator.resolve("refusals-ca");
        assertEquals(0, CliRun.run("tls", "sign-node", "--network", network.root().toString(), "--node-id", "node-7",
                "--organisation", "Audit Chamber", "--host", "127.0.0.1", "--out", issued.toString()).code());
        Path keys = Files.createTempDirectory(operator, "keys");
        assertEquals(0, CliRun.run("keygen", "--out", keys.toString(), "--name", "node-7").code());
        Path keyFile = keys.resolve("node-7.key");

        CliRun.Result unreachable = join(issued, keyFile, "http://127.0.0.1:" + (HTTP_BASE + 18), network.genesisBinary());
        assertEquals(1, unreachable.code());
        assertTrue(unreachable.err().contains("cannot reach the node at http://127.0.0.1:" + (HTTP_BASE + 18)), unreachable.err());

        NetworkLayout other = new NetworkLayout(Files.createTempDirectory("yantar-other-chain"));
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(other, new NetworkSpec("other-chain", 4, 0,
                "127.0.0.1", CLUSTER_BASE + 70, HTTP_BASE + 70, 1, 1), 1_790_000_000_000L);
        CliRun.Result mismatch = join(issued, keyFile, "http://127.0.0.1:" + HTTP_BASE, other.genesisBinary());
        assertEquals(1, mismatch.code());
        assertTrue(mismatch.err().contains("serves chain 'yantar-test' but --genesis " + other.genesisBinary() + " is chain 'other-chain'"),
                mismatch.err());

        CliRun.Result noTls = join(operator.resolve("nothing-here"), keyFile, "http://127.0.0.1:" + HTTP_BASE, network.genesisBinary());
        assertEquals(1, noTls.code());
        assertTrue(noTls.err().contains("--tls-dir: ") && noTls.err().contains("node-7.p12"), noTls.err());

        CliRun.Result wrongId = CliRun.run(replace(joinArgs(issued, keyFile, "http://127.0.0.1:" + HTTP_BASE, network.genesisBinary()),
                "node-7", "node-8"));
        assertEquals(1, wrongId.code());
        assertTrue(wrongId.err().contains("node-8.p12"), "node-8 has no keystore in " + issued + ": " + wrongId.err());

        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-r--r--"));
        CliRun.Result readable = join(issued, keyFile, "http://127.0.0.1:" + HTTP_BASE, network.genesisBinary());
        assertEquals(1, readable.code());
        assertTrue(readable.err().contains("accessible by group or others"), readable.err());
        assertFalse(Files.exists(operator.resolve("refused").resolve("node-7.conf")), "no node file after a refusal");
    }

    private CliRun.Result join(Path tlsDir, Path keyFile, String peer, Path genesis) {
        return CliRun.run(joinArgs(tlsDir, keyFile, peer, genesis));
    }

    private String[] joinArgs(Path tlsDir, Path keyFile, String peer, Path genesis) {
        return new String[] {"join", "--genesis", genesis.toString(), "--peer", peer, "--key", keyFile.toString(),
                "--node-id", "node-7", "--organisation", "Audit Chamber", "--role", "bank", "--host", "127.0.0.1",
                "--cluster-port", String.valueOf(CLUSTER_BASE + 6), "--http-port", String.valueOf(HTTP_BASE + 6),
                "--tls-dir", tlsDir.toString(), "--out", operator.resolve("refused").toString()};
    }

    private static String[] replace(String[] args, String from, String to) {
        return java.util.Arrays.stream(args).map(a -> a.equals(from) ? to : a).toArray(String[]::new);
    }

    private List<String> joinArguments(Path tlsDir, Path out) {
        return List.of("join", "--genesis", network.genesisBinary().toString(), "--peer", "http://127.0.0.1:" + (HTTP_BASE + 1),
                "--key", operator.resolve("node-5.key").toString(), "--node-id", "node-5", "--organisation", "Audit Chamber",
                "--role", "bank", "--host", "127.0.0.1", "--cluster-port", String.valueOf(JOINER_CLUSTER),
                "--http-port", String.valueOf(JOINER_HTTP), "--tls-dir", tlsDir.toString(), "--out", out.toString());
    }

    /** A payment through node {@code node} (1-4), waited for until committed; the height of the block holding it. */
    private long pay(int node) throws Exception {
        SignedTransaction payment = TestTransactions.transfer(payer, "yantar-test", nonce++, TestTransactions.address(payee), 1_00);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + (HTTP_BASE + node - 1)
                        + "/v1/transactions?wait=commit")).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(payment))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        String id = TestTransactions.id(payer, payment);
        return get(HTTP_BASE + node - 1, "/v1/transactions/" + id).path("height").asLong();
    }

    private JsonNode get(int port, String path) {
        return LocalHttp.getJson(http, port, path);
    }
}
