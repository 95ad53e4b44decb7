package io.yantar.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import io.yantar.proto.RequestBatch;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The HTTP calls the bench makes, over one keep-alive HTTP/1.1 client shared by all nodes.
 * Submissions are protobuf (what a serious client sends); answers are the API's JSON.
 */
public final class NodeApi {
    /** Reads answered 429 or 503 are tried again after the node's Retry-After, up to this many times in all. */
    private static final int READ_ATTEMPTS = 30;
    private static final String PROTOBUF = "application/x-protobuf";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final Duration requestTimeout;

    public NodeApi(Duration requestTimeout) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        this.requestTimeout = requestTimeout;
    }

    HttpClient client() {
        return http;
    }

    /** What the node said about one item of a batch. */
    public enum ItemStatus { ACCEPTED, REFUSED, RETRY }

    public record ItemResult(ItemStatus status, String detail) {
    }

    public JsonNode getJson(URI node, String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(node.resolve(path)).timeout(requestTimeout)
                .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        // Reading thousands of accounts meets the node's per-client rate limit: wait as it says, a bounded number of times.
        for (int attempt = 1; attempt < READ_ATTEMPTS && (response.statusCode() == 429 || response.statusCode() == 503); attempt++) {
            long waitSeconds = response.headers().firstValueAsLong("Retry-After").orElse(1);
            Thread.sleep(Math.min(Math.max(waitSeconds, 1), 5) * 1000);
            response = http.send(HttpRequest.newBuilder(node.resolve(path)).timeout(requestTimeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        }
        if (response.statusCode() != 200) {
            throw new IOException("GET " + node.resolve(path) + " answered " + response.statusCode() + ": " + oneLine(response.body()));
        }
        return JSON.readTree(response.body());
    }

    /** The node's Prometheus text (GET /metrics). */
    public String metricsText(URI node) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(node.resolve("/metrics")).timeout(requestTimeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + node.resolve("/metrics") + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** Account state: {@code [nonce, balanceKopecks]}; a never-seen account is {@code [0, 0]}. */
    public long[] account(URI node, String addressText) throws IOException, InterruptedException {
        JsonNode account = getJson(node, "/v1/accounts/" + addressText);
        return new long[] {account.path("nonce").asLong(), account.path("balanceKopecks").asLong()};
    }

    /** Submits one transaction and waits for its commit; returns the receipt or throws with the node's reason. */
    public JsonNode submitAndAwaitCommit(URI node, SignedPayment payment) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(node.resolve("/v1/transactions?wait=commit"))
                .timeout(requestTimeout.plusSeconds(10))
                .header("Content-Type", PROTOBUF).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(payment.payload())).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException("transaction " + payment.id() + " was answered " + response.statusCode() + ": " + oneLine(response.body()));
        }
        JsonNode receipt = JSON.readTree(response.body()).path("receipt");
        if (!receipt.path("success").asBoolean()) {
            throw new IOException("transaction " + payment.id() + " failed: " + receipt.path("reasonCode").asText() + ": " + receipt.path("detail").asText());
        }
        return receipt;
    }

    /** POST /v1/transactions/batch as a protobuf RequestBatch; one result per payment, in order. */
    public CompletableFuture<List<ItemResult>> submitBatch(URI node, List<SignedPayment> payments) {
        RequestBatch.Builder batch = RequestBatch.newBuilder();
        payments.forEach(payment -> batch.addPayloads(ByteString.copyFrom(payment.payload())));
        HttpRequest request = HttpRequest.newBuilder(node.resolve("/v1/transactions/batch")).timeout(requestTimeout)
                .header("Content-Type", PROTOBUF).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(batch.build().toByteArray())).build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> batchResults(response, payments.size()));
    }

    static List<ItemResult> batchResults(HttpResponse<byte[]> response, int expected) {
        List<ItemResult> results = new ArrayList<>(expected);
        if (response.statusCode() != 200) {
            String detail = "batch answered " + response.statusCode() + ": " + oneLine(response.body());
            ItemStatus status = response.statusCode() == 503 || response.statusCode() == 429 ? ItemStatus.RETRY : ItemStatus.REFUSED;
            for (int i = 0; i < expected; i++) {
                results.add(new ItemResult(status, detail));
            }
            return results;
        }
        JsonNode items;
        try {
            items = JSON.readTree(response.body()).path("results");
        } catch (IOException e) {
            throw new IllegalStateException("the batch answer is not JSON", e);
        }
        for (int i = 0; i < expected; i++) {
            JsonNode item = items.path(i);
            String status = item.path("status").asText("");
            results.add(switch (status) {
                case "pending", "committed" -> new ItemResult(ItemStatus.ACCEPTED, status);
                case "overloaded", "unavailable" -> new ItemResult(ItemStatus.RETRY, status);
                default -> new ItemResult(ItemStatus.REFUSED, status + " " + item.path("code").asText("") + ": " + item.path("detail").asText(""));
            });
        }
        return results;
    }

    private static String oneLine(byte[] body) {
        String text = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace('\n', ' ');
        return text.length() <= 200 ? text : text.substring(0, 197) + "...";
    }
}
