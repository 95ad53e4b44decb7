package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.ledger.verify.ReceiptVerifier;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.RequestBatch;
import io.yantar.proto.SignedTransaction;
import io.yantar.node.testing.Await;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The HTTP API over real sockets against four committing validators: submission (single,
 * batch, waiting, idempotent), errors, transaction status and proofs (verified offline with
 * the ledger's verifier), blocks, accounts, Server-Sent Events with resume, and metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@ExtendWith(RunningConsortium.Resolver.class)
class LedgerApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final HttpClient http = HttpClient.newHttpClient();
    private RunningConsortium consortium;
    private SigningKey citizen;
    private Address recipient;
    private String chainId;

    @BeforeAll
    void start(RunningConsortium running) {
        consortium = running;
        citizen = consortium.key("citizen-1");
        recipient = TestTransactions.address(consortium.key("citizen-2"));
        chainId = consortium.genesis().getChainId();
    }

    @Test
    void aTransferIsAcceptedCommittedAndIdempotent() throws Exception {
        SignedTransaction transfer = nextTransfer(125);
        String id = TestTransactions.id(citizen, transfer);
        HttpResponse<String> accepted = post(0, "/v1/transactions", "application/json", JsonFormat.printer().print(transfer));
        assertEquals(202, accepted.statusCode(), accepted.body());
        assertEquals(id, json(accepted).get("id").asText());

        HttpResponse<String> again = post(1, "/v1/transactions", "application/json", JsonFormat.printer().print(transfer));
        assertEquals(202, again.statusCode(), "the same transaction again is no error: " + again.body());
        assertEquals(id, json(again).get("id").asText());

        Await.until("the transfer is committed on node-3", () -> "committed".equals(statusOf(2, id)), COMMIT_TIMEOUT);
        JsonNode status = json(get(2, "/v1/transactions/" + id));
        assertTrue(status.get("receipt").get("success").asBoolean(), status.toString());
        assertEquals(status.get("height").asLong(), status.get("receipt").get("height").asLong());

        HttpResponse<String> afterCommit = post(3, "/v1/transactions", "application/json", JsonFormat.printer().print(transfer));
        assertEquals(202, afterCommit.statusCode(), afterCommit.body());
        assertEquals("committed", json(afterCommit).get("status").asText(), "a retry after the commit says so, and pays nothing twice");
    }

    @Test
    void waitForCommitAnswersWithTheReceiptAndProofsVerifyOffline() throws Exception {
        SignedTransaction transfer = nextTransfer(1_000);
        String id = TestTransactions.id(citizen, transfer);
        HttpResponse<String> committed = send(HttpRequest.newBuilder(uri(0, "/v1/transactions?wait=commit"))
                .header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(transfer.toByteArray())));
        assertEquals(200, committed.statusCode(), committed.body());
        JsonNode body = json(committed);
        assertEquals("committed", body.get("status").asText());
        assertEquals(id, body.get("receipt").get("txId").asText());

        ReceiptVerifier verifier = new ReceiptVerifier(consortium.genesis(), CryptoSuites.ed25519(), LedgerLimits.DEFAULTS);
        Await.until("the proof is certified", () -> statusCode(0, "/v1/transactions/" + id + "/proof") == 200, COMMIT_TIMEOUT);
        ReceiptBundle.Builder fromJson = ReceiptBundle.newBuilder();
        JsonFormat.parser().merge(get(0, "/v1/transactions/" + id + "/proof").body(), fromJson);
        assertTrue(verifier.verify(fromJson.build()).isAccepted(), "the JSON bundle verifies against the genesis");

        Await.until("node-2 has the proof too", () -> statusCode(1, "/v1/transactions/" + id + "/proof") == 200, COMMIT_TIMEOUT);
        HttpResponse<byte[]> binary = http.send(HttpRequest.newBuilder(uri(1, "/v1/transactions/" + id + "/proof"))
                .header("Accept", "application/x-protobuf").timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("application/x-protobuf", binary.headers().firstValue("Content-Type").orElseThrow());
        ReceiptBundle bundle = ReceiptBundle.parseFrom(binary.body());
        assertTrue(verifier.verify(bundle).isAccepted());
        ReceiptBundle tampered = bundle.toBuilder().setReceipt(bundle.getReceipt().toBuilder().setSuccess(false)).build();
        assertFalse(verifier.verify(tampered).isAccepted(), "a changed receipt no longer verifies");
    }

    @Test
    void anOldPaymentOutOfTheReceiptCacheIsStillFoundProvenAndIdempotent() throws Exception {
        SignedTransaction old = nextTransfer(7);
        String id = TestTransactions.id(citizen, old);
        assertEquals(200, post(0, "/v1/transactions?wait=commit", "application/json", JsonFormat.printer().print(old)).statusCode());
        Await.until("node-3 committed it", () -> "committed".equals(statusOf(2, id)), COMMIT_TIMEOUT);
        SignedTransaction later = nextTransfer(8);
        String laterId = TestTransactions.id(citizen, later);
        assertEquals(200, post(0, "/v1/transactions?wait=commit", "application/json", JsonFormat.printer().print(later)).statusCode());
        Await.until("node-3 committed the later one, which pushes the old receipt out of its memory",
                () -> "committed".equals(statusOf(2, laterId)), COMMIT_TIMEOUT);

        JsonNode status = json(get(2, "/v1/transactions/" + id));
        assertEquals("committed", status.get("status").asText(), status.toString());
        assertEquals(id, status.get("receipt").get("txId").asText(), "the receipt comes from its block");
        Await.until("node-3 serves its proof", () -> statusCode(2, "/v1/transactions/" + id + "/proof") == 200, COMMIT_TIMEOUT);
        ReceiptBundle.Builder proof = ReceiptBundle.newBuilder();
        JsonFormat.parser().merge(get(2, "/v1/transactions/" + id + "/proof").body(), proof);
        assertTrue(new ReceiptVerifier(consortium.genesis(), CryptoSuites.ed25519(), LedgerLimits.DEFAULTS).verify(proof.build())
                .isAccepted());

        HttpResponse<String> resent = post(2, "/v1/transactions", "application/json", JsonFormat.printer().print(old));
        assertEquals(202, resent.statusCode(), resent.body());
        assertEquals("committed", json(resent).get("status").asText(), "resent long after: committed, never paid twice");
        HttpResponse<String> waited = post(2, "/v1/transactions?wait=commit", "application/json", JsonFormat.printer().print(old));
        assertEquals(200, waited.statusCode(), waited.body());
        assertEquals(id, json(waited).get("receipt").get("txId").asText());
    }

    @Test
    void aTransactionThatCannotCommitYetTimesOutWith504AndHasNoProof() throws Exception {
        long nonce = nonceOf(citizen);
        SignedTransaction ahead = TestTransactions.transfer(citizen, chainId, nonce + 50, recipient, 1);
        String id = TestTransactions.id(citizen, ahead);
        // node-4 waits only RunningConsortium.SHORT_WAIT_MILLIS for a commit
        HttpResponse<String> timedOut = post(3, "/v1/transactions?wait=commit", "application/json", JsonFormat.printer().print(ahead));
        assertEquals(504, timedOut.statusCode(), timedOut.body());
        assertEquals("pending", json(timedOut).get("status").asText());
        assertEquals(id, json(timedOut).get("id").asText());

        assertEquals("pending", json(get(3, "/v1/transactions/" + id)).get("status").asText());
        HttpResponse<String> proof = get(3, "/v1/transactions/" + id + "/proof");
        assertProblem(proof, 409, "not-yet-committed");
        assertEquals("1", proof.headers().firstValue("Retry-After").orElseThrow());
    }

    @Test
    void refusedMalformedOversizedAndUnsupportedSubmissions() throws Exception {
        commitOneTransfer();
        SignedTransaction transfer = nextTransfer(5);
        SignedTransaction badSignature = transfer.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        assertProblem(post(0, "/v1/transactions", "application/json", JsonFormat.printer().print(badSignature)), 400, "BAD_SIGNATURE");
        SignedTransaction otherChain = TestTransactions.transfer(citizen, "another-chain", nonceOf(citizen), recipient, 5);
        assertProblem(post(0, "/v1/transactions", "application/json", JsonFormat.printer().print(otherChain)), 400, "WRONG_CHAIN_ID");
        SignedTransaction replayed = TestTransactions.transfer(citizen, chainId, 0, recipient, 7);
        assertProblem(post(0, "/v1/transactions", "application/json", JsonFormat.printer().print(replayed)), 400, "NONCE_REPLAYED");
        assertProblem(post(0, "/v1/transactions", "application/json", "{\"transaction\": 12"), 400, "malformed-transaction");
        assertProblem(post(0, "/v1/transactions", "application/x-protobuf", "\u00ff\u00ff\u00ff"), 400, "malformed-transaction");
        assertProblem(post(0, "/v1/transactions", "text/csv", "a,b"), 415, "unsupported-media-type");
        assertProblem(post(0, "/v1/transactions?wait=forever", "application/json", JsonFormat.printer().print(transfer)), 400, "bad-parameter");
        assertProblem(send(HttpRequest.newBuilder(uri(0, "/v1/transactions")).header("Content-Type", "application/x-protobuf")
                .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[2 * 1024 * 1024 + 1]))), 413, "body-too-large");
        assertProblem(send(HttpRequest.newBuilder(uri(0, "/v1/transactions")).DELETE()), 405, "method-not-allowed");
        assertProblem(get(0, "/v1/nothing-here"), 404, "not-found");
    }

    @Test
    void batchesAnswerOneResultPerItem() throws Exception {
        SignedTransaction good = nextTransfer(3);
        SignedTransaction badSignature = good.toBuilder().setSignature(ByteString.copyFrom(new byte[64])).build();
        String body = "[" + JsonFormat.printer().print(good) + ", {\"signature\": \"AQI=\"}, " + JsonFormat.printer().print(badSignature) + "]";
        HttpResponse<String> response = post(0, "/v1/transactions/batch", "application/json", body);
        assertEquals(200, response.statusCode(), response.body());
        JsonNode results = json(response).get("results");
        assertEquals(3, results.size());
        assertEquals(TestTransactions.id(citizen, good), results.get(0).get("id").asText());
        assertEquals("pending", results.get(0).get("status").asText());
        assertEquals("malformed", results.get(1).get("status").asText());
        assertEquals("refused", results.get(2).get("status").asText());
        assertEquals("BAD_SIGNATURE", results.get(2).get("code").asText());

        byte[] protobuf = RequestBatch.newBuilder().addPayloads(good.toByteString()).build().toByteArray();
        HttpResponse<String> again = send(HttpRequest.newBuilder(uri(1, "/v1/transactions/batch"))
                .header("Content-Type", "application/x-protobuf").POST(HttpRequest.BodyPublishers.ofByteArray(protobuf)));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(TestTransactions.id(citizen, good), json(again).get("results").get(0).get("id").asText(), "idempotent in batches too");

        assertProblem(post(0, "/v1/transactions/batch", "application/json", "[]"), 400, "malformed-batch");
        assertProblem(post(0, "/v1/transactions/batch", "application/json", "{}"), 400, "malformed-batch");
        Await.until("the batched transfer commits", () -> "committed".equals(statusOf(0, TestTransactions.id(citizen, good))), COMMIT_TIMEOUT);
    }

    @Test
    void transactionLookupsRefuseBadIdsAndUnknownOnes() throws Exception {
        assertProblem(get(0, "/v1/transactions/xyz"), 400, "malformed-id");
        assertProblem(get(0, "/v1/transactions/" + "ab".repeat(32)), 404, "unknown-transaction");
        assertProblem(get(0, "/v1/transactions/" + "ab".repeat(32) + "/proof"), 404, "unknown-transaction");
    }

    @Test
    void blocksCarryTheirCertificatesAndAgreeAcrossNodes() throws Exception {
        commitOneTransfer();
        JsonNode latest = json(get(0, "/v1/blocks/latest"));
        long height = latest.get("height").asLong();
        assertTrue(height >= 1);
        JsonNode first = json(get(0, "/v1/blocks/1"));
        assertEquals(1, first.get("header").get("height").asLong());
        assertTrue(first.get("commitCertificate").get("signatures").size() >= 3, "2f+1 commit signatures");
        for (int node = 1; node < 4; node++) {
            int index = node;
            Await.until("node-" + (node + 1) + " has block 1", () -> statusCode(index, "/v1/blocks/1") == 200, COMMIT_TIMEOUT);
            assertEquals(first.get("hash").asText(), json(get(node, "/v1/blocks/1")).get("hash").asText(), "identical block hashes");
        }
        JsonNode page = json(get(0, "/v1/blocks?from=1&limit=2"));
        assertEquals(Math.min(2, page.get("height").asLong()), page.get("blocks").size());
        assertEquals(1, page.get("blocks").get(0).get("height").asLong());

        assertProblem(get(0, "/v1/blocks/" + (height + 1_000_000)), 404, "unknown-block");
        assertProblem(get(0, "/v1/blocks/abc"), 400, "bad-height");
        assertProblem(get(0, "/v1/blocks/0"), 400, "bad-height");
        assertProblem(get(0, "/v1/blocks?from=1&limit=100000"), 400, "bad-parameter");
        assertProblem(get(0, "/v1/blocks?from=-1"), 400, "bad-parameter");
    }

    @Test
    void accountsShowTextBalanceNonceAndProof() throws Exception {
        AddressCodec codec = new AddressCodec(CryptoSuites.ed25519());
        String text = codec.format(recipient);
        JsonNode account = json(get(0, "/v1/accounts/" + text));
        assertTrue(account.get("exists").asBoolean());
        assertTrue(account.get("balance").asText().matches("\\d+\\.\\d\\d"), account.toString());
        assertEquals(account.get("balanceKopecks").asLong(), Math.round(Double.parseDouble(account.get("balance").asText()) * 100));
        assertEquals(account.get("height").asLong(), account.get("header").get("height").asLong());
        assertTrue(account.get("proof").has("account"), "the state proof is included");

        char last = text.charAt(text.length() - 1);
        String mistyped = text.substring(0, text.length() - 1) + (last == '0' ? '1' : '0');
        assertProblem(get(0, "/v1/accounts/" + mistyped), 400, "bad-address");
        assertProblem(get(0, "/v1/accounts/not-an-address"), 400, "bad-address");

        Address stranger = new Address(ByteString.copyFrom(new byte[20]));
        JsonNode unknown = json(get(0, "/v1/accounts/" + codec.format(stranger)));
        assertFalse(unknown.get("exists").asBoolean());
        assertEquals("0.00", unknown.get("balance").asText());
        assertEquals(0, unknown.get("nonce").asLong());
    }

    @Test
    void eventsReplayMissedBlocksThenContinueLive() throws Exception {
        commitOneTransfer();
        long tip = json(get(1, "/v1/blocks/latest")).get("height").asLong();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        CompletableFuture<HttpResponse<Stream<String>>> stream = http.sendAsync(HttpRequest.newBuilder(uri(1, "/v1/events"))
                .header("Last-Event-ID", "0").GET().build(), HttpResponse.BodyHandlers.ofLines());
        HttpResponse<Stream<String>> response = stream.get(10, TimeUnit.SECONDS);
        assertEquals(200, response.statusCode());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElseThrow());
        Thread reader = new Thread(() -> response.body().forEach(lines::add), "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            for (long height = 1; height <= tip; height++) {
                assertEquals("id: " + height, nextEventId(lines), "replayed in order without gaps");
            }
            String live = TestTransactions.id(citizen, commitOneTransfer());
            String id = nextEventId(lines);
            assertTrue(Long.parseLong(id.substring(4)) > tip, "then live: " + id);
            String data = nextLineStartingWith(lines, "data: ");
            JsonNode block = JSON.readTree(data.substring(6));
            assertEquals(Long.parseLong(id.substring(4)), block.get("height").asLong());
            boolean seen = block.get("transactions").findValuesAsText("id").contains(live);
            while (!seen) {
                String nextData = nextLineStartingWith(lines, "data: ");
                seen = JSON.readTree(nextData.substring(6)).get("transactions").findValuesAsText("id").contains(live);
            }
        } finally {
            response.body().close();
        }
        assertProblem(get(1, "/v1/events?from=abc"), 400, "bad-event-id");
    }

    @Test
    void metricsCountRequestsByRouteAndStatus() throws Exception {
        get(2, "/v1/blocks/abc");
        String metrics = get(2, "/metrics").body();
        assertTrue(metrics.contains("yantar_http_requests_total{route=\"/v1/blocks/{height}\",method=\"GET\",code=\"400\"}"), metrics);
        assertTrue(metrics.contains("# TYPE yantar_http_block_seconds histogram"), metrics);
    }

    // ------------------------------------------------------------------ helpers

    private SignedTransaction nextTransfer(long kopecks) throws IOException {
        return TestTransactions.transfer(citizen, chainId, nonceOf(citizen), recipient, kopecks);
    }

    private SignedTransaction commitOneTransfer() throws IOException {
        SignedTransaction transfer = nextTransfer(1);
        HttpResponse<String> committed = post(0, "/v1/transactions?wait=commit", "application/json", JsonFormat.printer().print(transfer));
        assertEquals(200, committed.statusCode(), committed.body());
        return transfer;
    }

    private long nonceOf(SigningKey key) throws IOException {
        String address = new AddressCodec(key.suite()).format(TestTransactions.address(key));
        return json(get(0, "/v1/accounts/" + address)).get("nonce").asLong();
    }

    private String statusOf(int node, String id) {
        try {
            HttpResponse<String> response = get(node, "/v1/transactions/" + id);
            return response.statusCode() == 200 ? json(response).get("status").asText() : "";
        } catch (IOException e) {
            return "";
        }
    }

    private int statusCode(int node, String path) {
        try {
            return get(node, path).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String nextEventId(BlockingQueue<String> lines) throws InterruptedException {
        return nextLineStartingWith(lines, "id: ");
    }

    private static String nextLineStartingWith(BlockingQueue<String> lines, String prefix) throws InterruptedException {
        long deadline = System.nanoTime() + COMMIT_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String line = lines.poll(1, TimeUnit.SECONDS);
            if (line != null && line.startsWith(prefix)) {
                return line;
            }
        }
        throw new AssertionError("no line starting with '" + prefix + "' within " + COMMIT_TIMEOUT.toSeconds() + " s");
    }

    private HttpResponse<String> get(int node, String path) throws IOException {
        return send(HttpRequest.newBuilder(uri(node, path)).GET());
    }

    private HttpResponse<String> post(int node, String path, String contentType, String body) throws IOException {
        return send(HttpRequest.newBuilder(uri(node, path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private URI uri(int node, String path) {
        return URI.create(consortium.url(node) + path);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    static void assertProblem(HttpResponse<String> response, int status, String code) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElseThrow());
        JsonNode problem = JSON.readTree(response.body());
        assertEquals(code, problem.get("code").asText(), response.body());
        assertEquals(status, problem.get("status").asInt());
        assertFalse(problem.get("detail").asText().isBlank(), "a sentence for people");
    }

}
