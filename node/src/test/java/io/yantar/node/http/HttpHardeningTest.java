package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.crypto.CryptoSuites;
import io.yantar.node.ReplicaPlugin;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkGenerator;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.network.NetworkSpec;
import io.yantar.node.testing.FreePorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real node serving its API over HTTPS with a certificate from the consortium CA, and the
 * limits a hostile client meets: plain HTTP refused on the HTTPS port, too many or too long
 * headers, a too long URI, headers or a body trickled byte by byte (cut off within the
 * configured timeouts while other clients are served), and no CORS grant for foreign origins.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HttpHardeningTest {
    private static final Duration HEAD_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(3);
    /** Scheduling slack on a loaded two-core machine; the cut-offs are asserted within timeout + this. */
    private static final Duration SLACK = Duration.ofSeconds(8);

    @TempDir
    static Path dir;

    private YantarNode node;
    private SSLContext trustingCa;
    private HttpClient https;

    @BeforeAll
    void startNodeWithHttps() throws Exception {
        NetworkLayout layout = new NetworkLayout(dir.resolve("network"));
        int ports = FreePorts.consecutive(8);
        NetworkSpec spec = new NetworkSpec("yantar-test", 4, 0, "127.0.0.1", ports, ports + 4, NetworkSpec.DEFAULT_TREASURY_KOPECKS,
                NetworkSpec.DEFAULT_CITIZEN_KOPECKS, true);
        new NetworkGenerator(CryptoSuites.ed25519(), new SecureRandom()).generate(layout, spec, 1_790_000_000_000L);
        Files.writeString(layout.nodeConfig("node-1"), """

                yantar.tls.enabled = false
                yantar.http {
                  tls { enabled = on, key-store = "tls/node-1.p12", key-store-password-file = "tls/node-1.p12.password" }
                  request-head-timeout = %dms
                  request-timeout = %dms
                  headers-count-max = 16
                  uri-bytes-max = 1KiB
                }
                """.formatted(HEAD_TIMEOUT.toMillis(), REQUEST_TIMEOUT.toMillis()), StandardOpenOption.APPEND);
        node = YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-1")), ReplicaPlugin.NONE);
        trustingCa = contextTrusting(layout.tls().caTrustStore(), Files.readString(layout.tls().caTrustStorePassword()).strip());
        https = HttpClient.newBuilder().sslContext(trustingCa).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @AfterAll
    void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theApiAnswersOverHttpsWithTheConsortiumCertificate() throws Exception {
        HttpResponse<String> response = https.send(get("/health/live").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.sslSession().isPresent(), "TLS session");
        assertEquals("CN=node-1", response.sslSession().get().getPeerPrincipal().getName().split(",")[0]);
    }

    @Test
    void plainHttpOnTheHttpsPortGetsNoAnswer() {
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.httpPort() + "/health/live"))
                .timeout(Duration.ofSeconds(20)).build();
        assertThrows(IOException.class, () -> plain.send(request, HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void tooManyHeadersAreRefusedWithProblemJson() throws Exception {
        HttpRequest.Builder request = get("/v1/status");
        for (int i = 0; i < 20; i++) {
            request.header("X-Filler-" + i, "x");
        }
        HttpResponse<String> response = https.send(request.build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(431, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"code\":\"headers-too-large\""), response.body());
    }

    @Test
    void aTooLongUriIsRefused() throws Exception {
        HttpResponse<String> response = https.send(get("/v1/accounts/" + "a".repeat(2048)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(414, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"code\":\"uri-too-long\""), response.body());
    }

    @Test
    void aForeignOriginIsNeverGrantedCors() throws Exception {
        HttpResponse<String> read = https.send(get("/v1/status").header("Origin", "https://evil.example").build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(read.headers().firstValue("Access-Control-Allow-Origin").isPresent(), read.headers().toString());
        HttpRequest preflight = HttpRequest.newBuilder(uri("/v1/transactions"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "POST")
                .timeout(Duration.ofSeconds(20)).build();
        HttpResponse<String> answer = https.send(preflight, HttpResponse.BodyHandlers.ofString());
        assertFalse(answer.headers().firstValue("Access-Control-Allow-Origin").isPresent(), answer.headers().toString());
        assertEquals(405, answer.statusCode(), answer.body());
    }

    @Test
    void headersTrickledByteByByteAreCutOffWhileOthersAreServed() throws Exception {
        try (SSLSocket slow = slowClient()) {
            long started = System.nanoTime();
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> trickleUntilClosed(slow,
                    "GET /v1/status HTTP/1.1\r\nHost: node\r\nX-Slow: " + "z".repeat(200)));
            HttpResponse<String> other = https.send(get("/v1/status").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode(), "another client is served meanwhile: " + other.body());
            assertTrue(closed.get(HEAD_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS), "the slow client was disconnected");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(HEAD_TIMEOUT) >= 0, "not before the head timeout: " + took);
        }
    }

    @Test
    void aBodyTrickledByteByByteIsCutOffAtTheRequestTimeout() throws Exception {
        try (SSLSocket slow = slowClient()) {
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/transactions HTTP/1.1\r\nHost: node\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long started = System.nanoTime();
            CompletableFuture<Boolean> closed = CompletableFuture.supplyAsync(() -> trickleUntilClosed(slow, "{".repeat(1000)));
            assertTrue(closed.get(REQUEST_TIMEOUT.plus(SLACK).toMillis(), TimeUnit.MILLISECONDS), "the slow client was disconnected");
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(REQUEST_TIMEOUT.minusMillis(500)) >= 0, "not before the request timeout: " + took);
            HttpResponse<String> other = https.send(get("/health/live").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, other.statusCode());
        }
    }

    /** Writes {@code text} one byte every 100 ms; true once the server has closed the connection. */
    private static boolean trickleUntilClosed(Socket socket, String text) {
        try {
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            for (byte b : text.getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
                Thread.sleep(100); // the attack itself: a byte at a time, not synchronisation
                if (in.available() > 0) {
                    in.readAllBytes(); // the server answered (e.g. 503 after the request timeout) and closes
                    return true;
                }
            }
            return false;
        } catch (SocketException e) {
            return true;
        } catch (IOException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private SSLSocket slowClient() throws IOException {
        SSLSocket socket = (SSLSocket) trustingCa.getSocketFactory().createSocket("127.0.0.1", node.httpPort());
        socket.startHandshake();
        return socket;
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(20)).GET();
    }

    private URI uri(String path) {
        return URI.create("https://127.0.0.1:" + node.httpPort() + path);
    }

    private static SSLContext contextTrusting(Path trustStore, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            store.load(in, password.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), new SecureRandom());
        return context;
    }
}
