package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.node.ConsensusStatus;
import io.yantar.node.ReadinessCondition;
import io.yantar.node.ReplicaPlugin;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.YantarNode;
import io.yantar.node.config.NodeConfigLoader;
import io.yantar.node.network.NetworkLayout;
import io.yantar.node.testing.Await;
import io.yantar.node.testing.TestNetworks;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.RequestBatch;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorRefResolver;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Four real nodes in one JVM: generated keys and genesis, Artery TCP on loopback, H2 journal
 * files, HTTP on real sockets. node-2 runs a replica plug-in written for this test to check
 * the plug-in contract (submitter, status fields, extra readiness condition).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsortiumClusterTest {
    private static final Duration FORMATION_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<YantarNode> nodes = new ArrayList<>();
    private final List<SignedTransaction> submitted = new CopyOnWriteArrayList<>();
    private final AtomicBoolean replicaCaughtUp = new AtomicBoolean();
    private Path root;

    @BeforeAll
    void startFourNodes() throws IOException {
        root = Files.createTempDirectory("yantar-cluster-test");
        NetworkLayout layout = TestNetworks.generate(root, 4);
        for (int i = 1; i <= 4; i++) {
            ReplicaPlugin plugin = i == 2 ? this::recordingReplica : ReplicaPlugin.NONE;
            nodes.add(YantarNode.start(NodeConfigLoader.load(layout.nodeConfig("node-" + i)), plugin));
        }
    }

    @AfterAll
    void stopNodes() {
        nodes.forEach(YantarNode::close);
    }

    @Test
    @Order(1)
    void fourNodesFormOneClusterAndBecomeReady() throws Exception {
        Await.until("every node sees four members Up", () -> nodes.stream().allMatch(node -> membersUp(node) == 4), FORMATION_TIMEOUT);
        Await.until("nodes 1, 3 and 4 are ready", () -> List.of(0, 2, 3).stream().allMatch(i -> status(nodes.get(i), "/health/ready") == 200),
                FORMATION_TIMEOUT);
        // node-2's replica says it has not caught up: not ready, with the reason.
        HttpResponse<String> notReady = get(nodes.get(1), "/health/ready");
        assertEquals(503, notReady.statusCode());
        assertEquals("application/problem+json", notReady.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("Not ready: replica catching up.", JSON.readTree(notReady.body()).get("detail").asText());
        replicaCaughtUp.set(true);
        Await.until("node-2 is ready once its replica caught up", () -> status(nodes.get(1), "/health/ready") == 200, FORMATION_TIMEOUT);

        JsonNode status = JSON.readTree(get(nodes.get(0), "/v1/status").body());
        assertEquals("node-1", status.get("nodeId").asText());
        assertEquals("Regional Government", status.get("organisation").asText());
        assertEquals("government", status.get("role").asText());
        assertEquals("yantar-test", status.get("chainId").asText());
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"), strings(status.get("membersUp")));
        assertEquals(List.of("node-2", "node-3", "node-4"), strings(status.get("reachablePeers")));
        assertEquals(0, status.get("height").asLong());
        assertTrue(status.get("view").isNull() && status.get("primary").isNull(), "no replica on node-1: consensus fields are null");

        JsonNode replicaStatus = JSON.readTree(get(nodes.get(1), "/v1/status").body());
        assertEquals(3, replicaStatus.get("view").asLong());
        assertEquals("node-4", replicaStatus.get("primary").asText());
    }

    @Test
    @Order(2)
    void peerEnvelopesTravelOverArteryThroughTheYantarSerializer() {
        TestProbe<PeerEnvelope> inbox = TestProbe.create(nodes.get(3).system());
        String path = ActorRefResolver.get(nodes.get(3).system()).toSerializationFormat(inbox.getRef());
        ActorRef<PeerEnvelope> remote = ActorRefResolver.get(nodes.get(0).system()).resolveActorRef(path);
        PeerEnvelope envelope = PeerEnvelope.newBuilder()
                .setRequests(RequestBatch.newBuilder().addPayloads(ByteString.copyFromUtf8("signed transaction bytes")))
                .setSenderNodeId("node-1")
                .build();
        remote.tell(envelope);
        assertEquals(envelope, inbox.receiveMessage(Duration.ofSeconds(10)));
    }

    @Test
    @Order(3)
    void healthMetricsAndErrorsOverHttp() throws Exception {
        YantarNode node = nodes.get(0);
        HttpResponse<String> live = get(node, "/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"live\"}", live.body());

        HttpResponse<String> metrics = get(node, "/metrics");
        assertEquals(200, metrics.statusCode());
        assertEquals("text/plain; version=0.0.4; charset=UTF-8", metrics.headers().firstValue("Content-Type").orElseThrow());
        assertTrue(metrics.body().contains("# TYPE yantar_cluster_members_up gauge\nyantar_cluster_members_up 4\n"), metrics.body());
        assertTrue(metrics.body().contains("yantar_ready 1\n"), metrics.body());
        assertTrue(metrics.body().contains("# TYPE process_cpu_seconds_total counter\nprocess_cpu_seconds_total "), metrics.body());
        assertTrue(metrics.body().contains("yantar_http_responses_total{code=\"200\"}"), metrics.body());

        assertProblem(get(node, "/v1/nothing-here"), 404, "not-found");
        assertProblem(send(node, HttpRequest.newBuilder(uri(node, "/v1/status")).DELETE()), 405, "method-not-allowed");
        assertProblem(postTransaction(node, "application/json", "{\"transaction\": 12"), 400, "malformed-transaction");
        assertProblem(postTransaction(node, "application/json", "{\"signature\": \"AQI=\"}"), 400, "malformed-transaction");
        assertProblem(postTransaction(node, "text/csv", "a,b"), 415, "unsupported-media-type");
        assertProblem(postTransaction(node, "application/json", "{\"transaction\": \"AAEC\", \"signature\": \"AQI=\"}"), 503, "unavailable");
        byte[] oversized = new byte[2 * 1024 * 1024 + 1];
        assertProblem(send(node, HttpRequest.newBuilder(uri(node, "/v1/transactions"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(oversized))), 413, "body-too-large");
    }

    @Test
    @Order(4)
    void transactionsReachTheReplicaThroughTheSubmitter() throws Exception {
        SignedTransaction transaction = SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFromUtf8("transaction bytes"))
                .setSignature(ByteString.copyFrom(new byte[64]))
                .build();
        HttpResponse<String> json = postTransaction(nodes.get(1), "application/json",
                com.google.protobuf.util.JsonFormat.printer().print(transaction));
        assertEquals(202, json.statusCode(), json.body());
        String expectedId = Hex.encode(CryptoSuites.ed25519().hash(transaction.toByteArray()));
        assertEquals(expectedId, JSON.readTree(json.body()).get("id").asText());
        assertEquals("pending", JSON.readTree(json.body()).get("status").asText());

        HttpResponse<String> binary = send(nodes.get(1), HttpRequest.newBuilder(uri(nodes.get(1), "/v1/transactions"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(transaction.toByteArray())));
        assertEquals(202, binary.statusCode(), binary.body());
        assertEquals(List.of(transaction, transaction), submitted);

        SignedTransaction refused = transaction.toBuilder().setSignature(ByteString.copyFromUtf8("bad")).build();
        assertProblem(postTransaction(nodes.get(1), "application/json", com.google.protobuf.util.JsonFormat.printer().print(refused)),
                400, "bad-signature");
        SignedTransaction overload = transaction.toBuilder().setSignature(ByteString.copyFromUtf8("full")).build();
        HttpResponse<String> overloaded = postTransaction(nodes.get(1), "application/json", com.google.protobuf.util.JsonFormat.printer().print(overload));
        assertProblem(overloaded, 503, "overloaded");
        assertEquals("2", overloaded.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    @Order(5)
    void aNodeThatLeavesIsRemovedFromTheOthersView() {
        YantarNode leaving = nodes.remove(3);
        leaving.close();
        Await.until("the others see three members Up", () -> nodes.stream().allMatch(node -> membersUp(node) == 3), FORMATION_TIMEOUT);
        Await.until("node-1 lists node-4 neither up nor reachable", () -> {
            JsonNode status = statusJson(nodes.get(0));
            return !strings(status.get("membersUp")).contains("node-4") && !strings(status.get("reachablePeers")).contains("node-4");
        }, FORMATION_TIMEOUT);
    }

    /** The replica plug-in of node-2: records submissions, reports a fixed view, holds readiness until told. */
    private ReplicaPlugin.Replica recordingReplica(ReplicaPlugin.Context context) {
        TransactionSubmitter submitter = transaction -> {
            if (transaction.getSignature().equals(ByteString.copyFromUtf8("bad"))) {
                return CompletableFuture.completedFuture(new TransactionSubmitter.Refused("bad-signature", "The signature does not verify."));
            }
            if (transaction.getSignature().equals(ByteString.copyFromUtf8("full"))) {
                return CompletableFuture.completedFuture(new TransactionSubmitter.Overloaded(Duration.ofMillis(1500)));
            }
            submitted.add(transaction);
            String id = Hex.encode(context.signingKey().suite().hash(transaction.toByteArray()));
            return CompletableFuture.completedFuture(new TransactionSubmitter.Accepted(id, "pending"));
        };
        return new ReplicaPlugin.Replica(submitter,
                () -> Optional.of(new ConsensusStatus(3, "node-4", "", List.of())),
                List.of(ReadinessCondition.of("replica catching up", replicaCaughtUp::get)), Optional.empty());
    }

    private int membersUp(YantarNode node) {
        JsonNode status = statusJson(node);
        return status == null ? 0 : status.get("membersUp").size();
    }

    private JsonNode statusJson(YantarNode node) {
        try {
            HttpResponse<String> response = get(node, "/v1/status");
            return response.statusCode() == 200 ? JSON.readTree(response.body()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private int status(YantarNode node, String path) {
        try {
            return get(node, path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private HttpResponse<String> get(YantarNode node, String path) throws IOException {
        return send(node, HttpRequest.newBuilder(uri(node, path)).GET());
    }

    private HttpResponse<String> postTransaction(YantarNode node, String contentType, String body) throws IOException {
        return send(node, HttpRequest.newBuilder(uri(node, "/v1/transactions")).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpResponse<String> send(YantarNode node, HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static URI uri(YantarNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.httpPort() + path);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.get("code").asText(), response.body());
        assertEquals(status, problem.get("status").asInt());
        assertTrue(!problem.get("detail").asText().isBlank(), "a sentence for people");
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
