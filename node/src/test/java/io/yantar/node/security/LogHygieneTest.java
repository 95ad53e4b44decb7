package io.yantar.node.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.read.ListAppender;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.Hex;
import io.yantar.crypto.KeyFiles;
import io.yantar.crypto.SigningKey;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.consensus.ConsensusReplicaPlugin;
import io.yantar.node.http.TestTransactions;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.network.NodeConfigWriter;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.FreePorts;
import io.yantar.proto.SignedTransaction;
import io.yantar.crypto.CryptoSuites;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * Runs a consortium (TLS between nodes, HTTPS on node-1), submits good and bad transactions,
 * and scans everything the nodes logged, start-up and shutdown included, for the network's
 * secrets (every private key file's PEM body, each raw private key in hex and base64, every
 * TLS password) and for the request bodies it was sent.
 */
class LogHygieneTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    /** Appears only inside request bodies; the logs must never repeat it. */
    private static final String BODY_MARKER = "body-marker-4f1c9a";

    @Test
    void logsHoldNoKeyMaterialAndNoRequestBodies() throws Exception {
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        Logger root = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(logged);
        NetworkLayout layout = new NetworkLayout(Files.createTempDirectory("yantar-log-hygiene"));
        List<YantarNode> nodes = new ArrayList<>();
        List<String> bodies = new ArrayList<>();
        try {
            int ports = FreePorts.consecutive(8);
            new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, new NetworkSpec("yantar-test", 4, 2,
                    "127.0.0.1", ports, ports + 4, NetworkSpec.DEFAULT_TREASURY_KOPECKS, NetworkSpec.DEFAULT_CITIZEN_KOPECKS, true),
                    1_790_000_000_000L);
            Files.writeString(layout.nodeConfig("node-1"), NodeConfigWriter.httpsSection("node-1"), StandardOpenOption.APPEND);
            for (int i = 1; i <= 4; i++) {
                nodes.add(YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), new ConsensusReplicaPlugin()));
            }
            Await.until("four nodes ready", () -> nodes.stream().allMatch(node -> node.readiness().isReady()), TIMEOUT);
            bodies.addAll(submitGoodAndBadTransactions(layout, nodes.get(1).httpPort()));
        } finally {
            nodes.stream().map(node -> CompletableFuture.runAsync(node::close)).toList().forEach(CompletableFuture::join);
            root.detachAppender(logged);
        }

        String everything = String.join("\n", logged.list.stream().map(LogHygieneTest::render).toList());
        assertTrue(logged.list.size() > 20 && everything.contains("started"), "the nodes logged their life: " + logged.list.size());
        Map<String, String> secrets = secrets(layout);
        assertTrue(secrets.size() > 30, "keys and passwords found: " + secrets.size());
        secrets.forEach((name, secret) -> assertTrue(!everything.contains(secret), "the log holds " + name));
        for (String body : bodies) {
            assertTrue(!everything.contains(body), "the log holds a request body: " + body);
        }
        assertTrue(!everything.contains(BODY_MARKER), "the log repeats text of a request body");
    }

    /** Submits a valid payment, a forged one and a malformed body; returns the bodies sent. */
    private static List<String> submitGoodAndBadTransactions(NetworkLayout layout, int port) throws Exception {
        SigningKey payer = KeyFiles.read(layout.key("citizen-1"));
        SigningKey payee = KeyFiles.read(layout.key("citizen-2"));
        SignedTransaction good = TestTransactions.transfer(payer, "yantar-test", 0, TestTransactions.address(payee), 1_00);
        SignedTransaction forged = good.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        String goodBody = JsonFormat.printer().print(good);
        String forgedBody = JsonFormat.printer().print(forged);
        String malformed = "{\"transaction\": \"" + BODY_MARKER + "\", \"signature\": 42}";
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(400, post(http, port, "/v1/transactions", forgedBody).statusCode());
        assertEquals(400, post(http, port, "/v1/transactions", malformed).statusCode());
        HttpResponse<String> batch = post(http, port, "/v1/transactions/batch", "[" + malformed + "," + forgedBody + "]");
        assertEquals(200, batch.statusCode(), "one result per item: " + batch.body());
        HttpResponse<String> committed = post(http, port, "/v1/transactions?wait=commit", goodBody);
        assertEquals(200, committed.statusCode(), committed.body());
        return List.of(goodBody, forgedBody, malformed);
    }

    private static HttpResponse<String> post(HttpClient http, int port, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json").timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Every secret of the network folder, by a name for the failure message. */
    private static Map<String, String> secrets(NetworkLayout layout) throws IOException {
        Map<String, String> secrets = new LinkedHashMap<>();
        List<Path> keyFiles;
        try (Stream<Path> files = Files.list(layout.keysDir())) {
            keyFiles = files.filter(file -> file.toString().endsWith(".key")).toList();
        }
        for (Path file : keyFiles) {
            String pem = Files.readString(file, StandardCharsets.US_ASCII);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            secrets.put(file.getFileName() + " (PEM body)", body);
            byte[] raw = KeyFiles.read(file).privateKeyBytes();
            secrets.put(file.getFileName() + " (hex)", Hex.encode(raw));
            secrets.put(file.getFileName() + " (HEX)", Hex.encode(raw).toUpperCase(Locale.ROOT));
            secrets.put(file.getFileName() + " (base64)", Base64.getEncoder().withoutPadding().encodeToString(raw));
            secrets.put(file.getFileName() + " (base64url)", Base64.getUrlEncoder().withoutPadding().encodeToString(raw));
        }
        try (Stream<Path> files = Files.list(layout.tls().dir())) {
            for (Path file : files.filter(f -> f.toString().endsWith(".password") || f.toString().endsWith(".key")).toList()) {
                String text = Files.readString(file, StandardCharsets.US_ASCII);
                secrets.put(file.getFileName().toString(), text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            }
        }
        return secrets;
    }

    private static String render(ILoggingEvent event) {
        StringBuilder text = new StringBuilder(event.getLoggerName()).append(' ').append(event.getFormattedMessage());
        event.getMDCPropertyMap().forEach((key, value) -> text.append(' ').append(key).append('=').append(value));
        for (IThrowableProxy failure = event.getThrowableProxy(); failure != null; failure = failure.getCause()) {
            text.append(' ').append(failure.getClassName()).append(": ").append(failure.getMessage());
        }
        return text.toString();
    }
}
