package io.yantar.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Gost2012Suite;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.node.ReplicaPlugin;
import io.yantar.node.YantarNode;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.config.NodeCredentials;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.CliRun;
import io.yantar.node.testing.FreePorts;
import io.yantar.proto.SignedTransaction;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.StreamSupport;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;

/**
 * Four validators with the real PBFT replica, generated with the GOST suite and TLS between
 * nodes (one consortium serves both checks, because a cluster start is the expensive part):
 * a payment signed with GOST R 34.10-2012 keys commits on every node with one block hash; a
 * stranger node whose certificate comes from another CA dials the consortium's seed nodes,
 * fails the TLS handshake and never becomes a member, while the four go on committing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GostTlsConsortiumTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long GENESIS_TIME_MILLIS = 1_790_000_000_000L;
    /** Also bounds how long closing a node waits for its ActorSystem. */
    private static final String STARTUP_TIMEOUT = "yantar.startup-timeout = 20s\n";

    private final HttpClient http = HttpClient.newHttpClient();
    private final YantarNode[] nodes = new YantarNode[4];
    private final ListAppender<ILoggingEvent> pekkoWarnings = new ListAppender<>();
    private NetworkLayout layout;
    private YantarNode stranger;
    private SigningKey payer;
    private SigningKey payee;

    @BeforeAll
    void startGostConsortiumOverTls() throws IOException {
        pekkoWarnings.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(pekkoWarnings);
        layout = new NetworkLayout(Files.createTempDirectory("yantar-gost-tls"));
        new NetworkGenerator(CryptoSuites.gost2012(), new SecureRandom()).generate(layout, spec(), GENESIS_TIME_MILLIS);
        for (int i = 1; i <= 4; i++) {
            Files.writeString(layout.nodeConfig("node-" + i), "\n" + STARTUP_TIMEOUT, StandardOpenOption.APPEND);
        }
        for (int i = 0; i < 4; i++) {
            nodes[i] = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + (i + 1))), new ConsensusReplicaPlugin());
        }
        payer = KeyFiles.read(layout.key("citizen-1"));
        payee = KeyFiles.read(layout.key("citizen-2"));
        Await.until("four GOST validators ready over TLS", () -> List.of(nodes).stream().allMatch(n -> n.readiness().isReady()), TIMEOUT);
    }

    /** In parallel: on Pekko 1.7.0 a tls-tcp ActorSystem sometimes waits out its whole termination timeout. */
    @AfterAll
    void stopAll() {
        List<YantarNode> running = new ArrayList<>(List.of(nodes));
        running.add(stranger);
        running.stream().filter(Objects::nonNull).map(node -> CompletableFuture.runAsync(node::close)).toList()
                .forEach(CompletableFuture::join);
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(pekkoWarnings);
    }

    @Test
    @Order(1)
    void aPaymentSignedWithGostKeysCommitsOnEveryNode() throws Exception {
        assertEquals(Gost2012Suite.ID, NodeCredentials.readGenesis(layout.genesisBinary()).getCryptoSuite());
        assertEquals(Gost2012Suite.ID, payer.suite().id(), "citizens' key files hold GOST keys");
        assertEquals(Gost2012Suite.ID, KeyFiles.read(layout.key("node-1")).suite().id(), "validators' too");
        assertEquals(Gost2012Suite.ID, KeyFiles.read(layout.key(NetworkGenerator.TREASURY)).suite().id(), "authorities' too");

        SignedTransaction payment = transfer(payer, payee, 0, 250_00);
        HttpResponse<String> accepted = submit(2, payment);
        assertEquals(202, accepted.statusCode(), accepted.body());
        awaitCommitted(payment);
        awaitOneBlockHashEverywhere(1);
        JsonNode payeeAccount = account(4, payee);
        assertEquals(NetworkSpec.DEFAULT_CITIZEN_KOPECKS + 250_00, payeeAccount.get("balanceKopecks").asLong(), payeeAccount.toString());

        SigningKey ed25519 = CryptoSuites.ed25519().generateKey(new SecureRandom());
        HttpResponse<String> foreignSuite = submit(1, transfer(ed25519, payee, 0, 1_00));
        assertEquals(400, foreignSuite.statusCode(), "an Ed25519-signed payment is refused on a GOST chain: " + foreignSuite.body());
    }

    @Test
    @Order(2)
    void aNodeWithACertificateFromAnotherCaNeverJoins() throws Exception {
        NetworkLayout strangers = new NetworkLayout(Files.createTempDirectory("yantar-stranger"));
        new NetworkGenerator(CryptoSuites.gost2012(), new SecureRandom()).generate(strangers, spec(), GENESIS_TIME_MILLIS);
        String consortiumSeeds = NodeConfigLoader.load(layout.nodeConfig("node-1")).cluster().seedNodes().stream()
                .map(seed -> "\"" + seed + "\"").toList().toString();
        // Same system name, a valid certificate and a genesis of its own; it even trusts the consortium CA
        // (a public certificate), so only the consortium's check of the client certificate can keep it out.
        trustAlso(strangers.tls(), layout.tls().caCertificate());
        Files.writeString(strangers.nodeConfig("node-1"), "\nyantar.cluster.seed-nodes = " + consortiumSeeds + "\n" + STARTUP_TIMEOUT,
                StandardOpenOption.APPEND);
        stranger = YantarNode.start(NodeConfigLoader.load(strangers.nodeConfig("node-1")), ReplicaPlugin.NONE);
        int strangerPort = NodeConfigLoader.load(strangers.nodeConfig("node-1")).cluster().port();

        Await.until("a consortium node refused the stranger's client certificate", () -> handshakeFailureLogged(), TIMEOUT);
        SignedTransaction payment = transfer(payer, payee, 1, 1_00);
        assertEquals(202, submit(3, payment).statusCode());
        awaitCommitted(payment);
        awaitOneBlockHashEverywhere(2);

        for (YantarNode node : nodes) {
            List<Member> members = members(node);
            assertEquals(4, members.size(), node.nodeId() + " sees exactly the four validators: " + members);
            assertTrue(members.stream().noneMatch(m -> m.address().port().get().equals(strangerPort)), members.toString());
        }
        assertNotEquals(MemberStatus.up(), Cluster.get(stranger.system()).selfMember().status(), "the stranger is not Up");
        List<Member> strangerView = members(stranger);
        assertTrue(strangerView.stream().allMatch(m -> m.address().port().get().equals(strangerPort)),
                "the stranger knows no consortium member: " + strangerView);
    }

    private static List<Member> members(YantarNode node) {
        return StreamSupport.stream(Cluster.get(node.system()).state().getMembers().spliterator(), false).toList();
    }

    /** Adds {@code caCertificate} to the truststore of {@code files}, keeping its password. */
    private static void trustAlso(ConsortiumTlsFiles files, Path caCertificate) throws Exception {
        char[] password = Files.readString(files.caTrustStorePassword()).strip().toCharArray();
        KeyStore trustStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(files.caTrustStore())) {
            trustStore.load(in, password);
        }
        try (InputStream in = Files.newInputStream(caCertificate)) {
            trustStore.setCertificateEntry("consortium", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trustStore.store(bytes, password);
        Files.delete(files.caTrustStore());
        OwnerOnlyFiles.create(files.caTrustStore(), bytes.toByteArray());
    }

    /**
     * The stranger trusts the consortium's server certificates, so a handshake it loses with a
     * fatal alert about its certificate was refused by a consortium node checking the client side.
     */
    private boolean handshakeFailureLogged() {
        return List.copyOf(pekkoWarnings.list).stream().anyMatch(event -> {
            String text = (event.getFormattedMessage() + " " + (event.getThrowableProxy() == null ? "" : event.getThrowableProxy().getMessage()))
                    .toLowerCase(Locale.ROOT);
            return text.contains("sslhandshakeexception: received fatal alert: certificate_unknown")
                    || text.contains("sslhandshakeexception: received fatal alert: bad_certificate");
        });
    }

    /** Every client command on a GOST network: keys, addresses and the beneficiary list take the network's suite. */
    @Test
    @Order(3)
    void everyClientCommandWorksWithGostKeysAndAddresses() throws Exception {
        Path work = Files.createTempDirectory("yantar-gost-cli");
        String node = base(3);
        CliRun.Result keygen = CliRun.run("keygen", "--suite", Gost2012Suite.ID, "--out", work.toString(), "--name", "shop");
        assertEquals(0, keygen.code(), keygen.err());
        Path shopKey = work.resolve("shop.key");
        assertEquals(Gost2012Suite.ID, KeyFiles.read(shopKey).suite().id());
        CliRun.Result address = CliRun.run("address", "--key", shopKey.toString());
        assertEquals(0, address.code(), address.err());
        String shop = address.out().strip();
        assertEquals(new AddressCodec(CryptoSuites.gost2012()).format(TestTransactions.address(KeyFiles.read(shopKey))), shop);

        CliRun.Result paid = CliRun.run("tx", "transfer", "--key", layout.key("citizen-2").toString(), "--to", shop, "--amount", "3.25",
                "--node", node, "--wait");
        assertEquals(0, paid.code(), paid.out() + paid.err());
        CliRun.Result account = CliRun.run("account", shop, "--node", node);
        assertEquals(0, account.code(), account.err());
        assertTrue(account.out().contains("3.25"), account.out());

        Path csv = work.resolve("citizens.csv");
        CliRun.Result demo = CliRun.run("demo", "citizens", "--count", "5", "--amount", "1.50", "--genesis",
                layout.genesisBinary().toString(), "--out", csv.toString());
        assertEquals(0, demo.code(), demo.err());
        String firstCitizen = Files.readAllLines(csv).get(1).split(",")[0];
        assertTrue(new AddressCodec(CryptoSuites.gost2012()).parse(firstCitizen).isOk(), "a GOST address: " + firstCitizen);
        CliRun.Result disbursed = CliRun.run("tx", "disburse", "--key", layout.key(NetworkGenerator.TREASURY).toString(),
                "--program", "gost-allowance", "--csv", csv.toString(), "--node", node, "--wait");
        assertEquals(0, disbursed.code(), disbursed.out() + disbursed.err());
        CliRun.Result citizen = CliRun.run("account", firstCitizen, "--node", node);
        assertTrue(citizen.out().contains("1.50"), citizen.out());
    }

    private static NetworkSpec spec() {
        int ports = FreePorts.consecutive(8);
        return new NetworkSpec("yantar-test", 4, 2, "127.0.0.1", ports, ports + 4, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                NetworkSpec.DEFAULT_CITIZEN_KOPECKS, true);
    }

    private static SignedTransaction transfer(SigningKey from, SigningKey to, long nonce, long kopecks) {
        return TestTransactions.transfer(from, "yantar-test", nonce, TestTransactions.address(to), kopecks);
    }

    private void awaitCommitted(SignedTransaction payment) {
        Await.until("payment committed", () -> {
            try {
                HttpResponse<String> response = submit(1, payment);
                return response.statusCode() == 202 && response.body().contains("\"committed\"");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }, TIMEOUT);
    }

    private void awaitOneBlockHashEverywhere(long heightAtLeast) {
        Await.until("all four at one block hash, height >= " + heightAtLeast, () -> {
            Set<String> tips = new HashSet<>();
            for (int node = 1; node <= 4; node++) {
                JsonNode status = get(node, "/v1/status");
                if (status.path("height").asLong(-1) < heightAtLeast) {
                    return false;
                }
                tips.add(status.path("height").asLong() + "/" + status.path("lastBlockHash").asText());
            }
            return tips.size() == 1;
        }, TIMEOUT);
    }

    private JsonNode account(int node, SigningKey key) {
        Address address = Address.ofPublicKey(key.suite(), ByteString.copyFrom(key.publicKey()));
        return get(node, "/v1/accounts/" + new AddressCodec(key.suite()).format(address));
    }

    private JsonNode get(int node, String path) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base(node) + path)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            return JSON.createObjectNode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return JSON.createObjectNode();
        }
    }

    private HttpResponse<String> submit(int node, SignedTransaction transaction) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(base(node) + "/v1/transactions"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(transaction))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base(int node) {
        return "http://127.0.0.1:" + nodes[node - 1].httpPort();
    }
}
