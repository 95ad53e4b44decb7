package io.yantar.node.http;

import static io.yantar.node.http.LedgerApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.node.LedgerQueries;
import io.yantar.node.Readiness;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.config.NodeConfig.HttpSettings;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.SignedTransaction;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The routes over a real socket with a scripted ledger and submitter, for the answers a live
 * consortium does not produce on demand: overload, no replica, a commit that does not come,
 * a proof not certified yet, a too-large batch and a subscriber too slow for its buffer.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NodeRoutesTest {
    private static final int EVENTS_BUFFER_MAX = 4;
    private static final int PUBLISHES_MAX = 2_000_000;

    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<TransactionSubmitter> submitter = new AtomicReference<>();
    private final AtomicReference<Optional<LedgerQueries>> ledger = new AtomicReference<>();
    private ActorSystem<Void> system;
    private ServerBinding binding;
    private FakeLedger fake;

    @BeforeAll
    void bind() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "routes-test");
        HttpSettings settings = new HttpSettings("127.0.0.1", 0, 64 * 1024, Duration.ofSeconds(10), Duration.ofMillis(50), 10, 2,
                EVENTS_BUFFER_MAX);
        NodeRoutes routes = new NodeRoutes(new NodeRoutes.Dependencies(settings, new Readiness(), new MetricsRegistry(), null,
                submitter::get, ledger::get, CryptoSuites.ed25519(), system));
        binding = Http.get(system).newServerAt("127.0.0.1", 0).bind(routes.routes()).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void freshLedger() {
        fake = new FakeLedger();
        ledger.set(Optional.of(fake));
        submitter.set(transaction -> CompletableFuture.completedFuture(new TransactionSubmitter.Accepted(idOf(transaction), "pending")));
    }

    @AfterAll
    void stop() throws Exception {
        binding.unbind().toCompletableFuture().get(10, TimeUnit.SECONDS);
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void anOverloadedNodeAsksToRetryLaterAndOneWithoutReplicaIsUnavailable() throws Exception {
        submitter.set(transaction -> CompletableFuture.completedFuture(new TransactionSubmitter.Overloaded(Duration.ofMillis(1500))));
        HttpResponse<String> overloaded = post("/v1/transactions", transaction());
        assertProblem(overloaded, 503, "overloaded");
        assertEquals("2", overloaded.headers().firstValue("Retry-After").orElseThrow());

        submitter.set(TransactionSubmitter.NO_REPLICA);
        ledger.set(Optional.empty());
        assertProblem(post("/v1/transactions", transaction()), 503, "unavailable");
        assertProblem(get("/v1/blocks/latest"), 503, "unavailable");
        assertProblem(get("/v1/transactions/" + "00".repeat(32)), 503, "unavailable");
        assertProblem(get("/v1/events"), 503, "unavailable");
    }

    @Test
    void aCommitThatDoesNotComeAnswers504Pending() throws Exception {
        HttpResponse<String> response = post("/v1/transactions?wait=commit", transaction());
        assertEquals(504, response.statusCode(), response.body());
        assertEquals("pending", new ObjectMapper().readTree(response.body()).get("status").asText());
    }

    @Test
    void aCommittedTransactionWithoutCheckpointHasNoProofYet() throws Exception {
        ByteString id = ByteString.copyFrom(new byte[32]);
        fake.committedWithoutCheckpoint(id, 7);
        assertEquals(200, get("/v1/transactions/" + Hex.encode(id.toByteArray())).statusCode());
        HttpResponse<String> proof = get("/v1/transactions/" + Hex.encode(id.toByteArray()) + "/proof");
        assertProblem(proof, 409, "not-yet-certified");
        assertEquals("1", proof.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void batchesAboveTheLimitAreRefusedWhole() throws Exception {
        String one = JsonFormat.printer().print(transaction());
        assertProblem(post("/v1/transactions/batch", "[" + one + "," + one + "," + one + "]"), 413, "batch-too-large");
        HttpResponse<String> wrongMethod = get("/v1/transactions/batch");
        assertProblem(wrongMethod, 405, "method-not-allowed");
        assertEquals("POST", wrongMethod.headers().firstValue("Allow").orElseThrow(), "the literal path wins over /v1/transactions/{id}");
        assertProblem(send(HttpRequest.newBuilder(uri("/v1/transactions/batch")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("x"))), 415, "unsupported-media-type");
    }

    @Test
    void aSubscriberThatFallsBehindIsDroppedAndResumesFromTheStore() throws Exception {
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/v1/events")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, stream.statusCode());
        io.yantar.node.testing.Await.until("the subscriber is registered", () -> fake.subscribers() == 1, Duration.ofSeconds(10));
        // Nobody reads the stream: once the socket and the buffer of EVENTS_BUFFER_MAX blocks are full, the node drops it.
        int published = 0;
        while (fake.subscribers() > 0 && published < PUBLISHES_MAX) {
            fake.commitBlock();
            published++;
        }
        assertEquals(0, fake.subscribers(), "dropped after " + published + " blocks");

        List<String> lines = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        assertEquals("event: dropped", lines.get(lines.size() - 3), "the stream ends with a dropped event");
        List<String> ids = lines.stream().filter(line -> line.startsWith("id: ")).toList();
        for (int i = 0; i < ids.size(); i++) {
            assertEquals("id: " + (i + 1), ids.get(i), "no gap before the drop");
        }

        long lastSeen = ids.size();
        HttpResponse<InputStream> resumed = http.send(HttpRequest.newBuilder(uri("/v1/events"))
                .header("Last-Event-ID", Long.toString(lastSeen)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(resumed.body(), StandardCharsets.UTF_8))) {
            String line = reader.readLine();
            while (line != null && !line.startsWith("id: ")) {
                line = reader.readLine();
            }
            assertEquals("id: " + (lastSeen + 1), line, "resumes right after the last event it saw");
        }
        assertTrue(published > lastSeen);
    }

    @Test
    void eventsStartWhereAskedAndRefuseABadEventId() throws Exception {
        fake.commitBlock();
        fake.commitBlock();
        fake.commitBlock();
        HttpResponse<InputStream> fromTwo = http.send(HttpRequest.newBuilder(uri("/v1/events?from=2")).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(fromTwo.body(), StandardCharsets.UTF_8))) {
            assertEquals("id: 2", reader.readLine());
            assertEquals("event: block", reader.readLine());
            assertTrue(reader.readLine().startsWith("data: {\"height\":2,"));
        }
        HttpResponse<String> badId = send(HttpRequest.newBuilder(uri("/v1/events")).header("Last-Event-ID", "two").GET());
        assertProblem(badId, 400, "bad-event-id");
        assertProblem(get("/v1/events?from=0"), 400, "bad-event-id");
    }

    private static SignedTransaction transaction() {
        return SignedTransaction.newBuilder().setTransaction(ByteString.copyFromUtf8("tx")).setSignature(ByteString.copyFromUtf8("sig")).build();
    }

    private static String idOf(SignedTransaction transaction) {
        return Hex.encode(CryptoSuites.ed25519().hash(transaction.toByteArray()));
    }

    private HttpResponse<String> post(String path, SignedTransaction transaction) throws IOException {
        return post(path, JsonFormat.printer().print(transaction));
    }

    private HttpResponse<String> post(String path, String json) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private HttpResponse<String> get(String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + binding.localAddress().getPort() + path);
    }
}
