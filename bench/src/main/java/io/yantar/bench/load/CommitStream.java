package io.yantar.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Follows {@code GET /v1/events} of one node and hands every receipt of every committed
 * block to the tracker. Reconnects with {@code Last-Event-ID} when the node drops it, so no
 * block is missed or counted twice.
 */
final class CommitStream implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final NodeApi api;
    private final URI node;
    private final CommitTracker tracker;
    private final AtomicLong lastHeight = new AtomicLong(-1);
    private final AtomicLong blocksSeen = new AtomicLong();
    private volatile boolean stopped;
    private volatile boolean connected;

    CommitStream(NodeApi api, URI node, CommitTracker tracker) {
        this.api = api;
        this.node = node;
        this.tracker = tracker;
    }

    Thread start() {
        Thread thread = new Thread(this, "bench-commit-stream");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    void stop() {
        stopped = true;
    }

    boolean connected() {
        return connected;
    }

    /** Committed blocks seen, bench payments or not. */
    long blocksSeen() {
        return blocksSeen.get();
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                follow();
            } catch (IOException | RuntimeException e) {
                if (stopped) {
                    return;
                }
                System.err.println("bench: event stream of " + node + " broke (" + e.getMessage() + "); reconnecting after height " + lastHeight.get());
            } catch (InterruptedException e) {
                return;
            }
            connected = false;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void follow() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve("/v1/events")).header("Accept", "text/event-stream").GET();
        if (lastHeight.get() >= 0) {
            request.header("Last-Event-ID", Long.toString(lastHeight.get()));
        }
        HttpResponse<Stream<String>> response = api.client().send(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IOException("answered " + response.statusCode());
        }
        connected = true;
        try (Stream<String> lines = response.body()) {
            Iterator<String> iterator = lines.iterator();
            long eventId = -1;
            while (!stopped && iterator.hasNext()) {
                String line = iterator.next();
                if (line.startsWith("id:")) {
                    eventId = Long.parseLong(line.substring(3).trim());
                } else if (line.startsWith("data:")) {
                    onBlock(line.substring(5).trim(), eventId);
                } else if (line.isEmpty()) {
                    eventId = -1;
                }
            }
        }
    }

    /**
     * The receipts of a block event: {@code transactions[].receipt} (the current API) or a
     * flat {@code receipts[]} (earlier builds of the node).
     */
    static java.util.List<JsonNode> receipts(JsonNode block) {
        java.util.List<JsonNode> receipts = new java.util.ArrayList<>();
        block.path("transactions").forEach(transaction -> {
            if (transaction.path("receipt").isObject()) {
                receipts.add(transaction.path("receipt"));
            }
        });
        block.path("receipts").forEach(receipts::add);
        return receipts;
    }

    private void onBlock(String data, long eventId) throws IOException {
        if (eventId < 0) {
            return; // the 'dropped' notice: the stream ends and we resume from lastHeight
        }
        long now = System.nanoTime();
        JsonNode block = JSON.readTree(data);
        for (JsonNode receipt : receipts(block)) {
            tracker.onReceipt(receipt.path("txId").asText(), receipt.path("success").asBoolean(), receipt.path("reasonCode").asText(""), now);
        }
        blocksSeen.incrementAndGet();
        lastHeight.set(eventId);
    }
}
