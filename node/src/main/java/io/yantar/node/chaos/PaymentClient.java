package io.yantar.node.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AddressCodec;
import io.yantar.proto.SignedTransaction;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * A wallet that pays one transfer at a time and retries it idempotently (the same signed bytes,
 * at the next node) until some node answers it committed; only then does it sign the next nonce.
 * Every loop is bounded in time: a payment's patience, and the drain deadline of the run. The
 * patience is time, not attempts, because a refused connection fails in microseconds: while every
 * node restarts at once (the split-brain resolver may down all of them, docs/RELIABILITY.md O11)
 * a count of attempts ran out in 20 s, and the run then saw no payments and blamed the consortium.
 * A client that gives up says so ({@link #gaveUp()}).
 */
final class PaymentClient implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(8);
    private static final int ACCOUNT_READ_ATTEMPTS_MAX = 200;
    private static final long UNREACHABLE_PAUSE_MILLIS = 100;
    private static final long AMOUNT_KOPECKS_MAX = 100;

    private final SigningKey key;
    private final String chainId;
    private final List<Address> recipients;
    private final List<URI> nodes;
    private final Random random;
    private final Queue<Acknowledged> acknowledged;
    private final LongSupplier clockMillis;
    private final Duration patience;
    private final AddressCodec addresses;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private volatile boolean stopping;
    private volatile long drainDeadlineNanos = Long.MAX_VALUE;
    private volatile String gaveUp = "";
    private long nonce;
    private int unanswered;

    /** {@code patience}: how long one payment is retried before the client gives up and stops. */
    PaymentClient(SigningKey key, String chainId, List<Address> recipients, List<URI> nodes, long seed, Queue<Acknowledged> acknowledged,
                  LongSupplier clockMillis, Duration patience) {
        this.key = key;
        this.chainId = chainId;
        this.recipients = recipients;
        this.nodes = nodes;
        this.random = new Random(seed);
        this.acknowledged = acknowledged;
        this.clockMillis = clockMillis;
        this.patience = patience;
        this.addresses = new AddressCodec(key.suite());
    }

    /** Finish the payment in flight (until the drain deadline), then stop. */
    void stop(Duration drain) {
        drainDeadlineNanos = System.nanoTime() + drain.toNanos();
        stopping = true;
    }

    int unansweredAttempts() {
        return unanswered;
    }

    /** Empty while the client pays (or stopped when told); otherwise which payment it gave up on and why. */
    String gaveUp() {
        return gaveUp;
    }

    @Override
    public void run() {
        try {
            nonce = nextNonce();
            while (!stopping) {
                payOnce();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void payOnce() throws InterruptedException {
        Address to = recipients.get(random.nextInt(recipients.size()));
        long kopecks = 1 + random.nextInt((int) AMOUNT_KOPECKS_MAX);
        SignedTransaction payment = SignedTransfers.transfer(key, chainId, nonce, to, kopecks);
        String id = Hex.encode(key.suite().hash(Canonical.bytes(payment)));
        int first = random.nextInt(nodes.size());
        long giveUpNanos = System.nanoTime() + patience.toNanos();
        int attempt = 0;
        while (System.nanoTime() < Math.min(giveUpNanos, drainDeadlineNanos)) {
            URI node = nodes.get((first + attempt++) % nodes.size());
            Outcome outcome = submit(node, payment, id);
            if (outcome == Outcome.COMMITTED) {
                acknowledged.add(new Acknowledged(id, addresses.format(SignedTransfers.address(key)), nonce, addresses.format(to), kopecks,
                        clockMillis.getAsLong()));
                nonce++;
                return;
            }
            if (outcome == Outcome.FAILED) {
                throw new IllegalStateException("payment " + id + " committed but failed: funds are ample, so this is a ledger error");
            }
            unanswered++;
            if (outcome == Outcome.UNREACHABLE) {
                Thread.sleep(UNREACHABLE_PAUSE_MILLIS); // a dead or frozen node: move on without hammering
            }
        }
        if (!stopping) {
            gaveUp = "gave up on nonce " + nonce + " (payment " + id + ") after " + attempt + " attempts in " + patience.toSeconds()
                    + " s: no node answered it committed";
        }
        stopping = true;
    }

    private enum Outcome { COMMITTED, FAILED, RETRY, UNREACHABLE }

    private Outcome submit(URI node, SignedTransaction payment, String id) {
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.resolve("/v1/transactions?wait=commit"))
                    .timeout(REQUEST_TIMEOUT).header("Content-Type", "application/x-protobuf")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Canonical.bytes(payment))).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                JsonNode body = JSON.readTree(answer.body());
                return body.path("receipt").path("success").asBoolean(false) ? Outcome.COMMITTED : Outcome.FAILED;
            }
            if (answer.statusCode() == 400 && answer.body().contains("NONCE_REPLAYED")) {
                return statusAt(node, id); // committed, but the answer of that attempt was lost
            }
            return Outcome.RETRY;
        } catch (IOException e) {
            return Outcome.UNREACHABLE;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.UNREACHABLE;
        }
    }

    private Outcome statusAt(URI node, String id) throws IOException, InterruptedException {
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(node.resolve("/v1/transactions/" + id)).timeout(REQUEST_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(answer.body());
        if (answer.statusCode() == 200 && "committed".equals(body.path("status").asText())) {
            return body.path("receipt").path("success").asBoolean(false) ? Outcome.COMMITTED : Outcome.FAILED;
        }
        return Outcome.RETRY;
    }

    private long nextNonce() throws InterruptedException {
        for (int attempt = 0; attempt < ACCOUNT_READ_ATTEMPTS_MAX; attempt++) {
            try {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(nodes.get(attempt % nodes.size())
                        .resolve("/v1/accounts/" + addresses.format(SignedTransfers.address(key)))).timeout(REQUEST_TIMEOUT).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return JSON.readTree(answer.body()).path("nonce").asLong();
                }
            } catch (IOException e) {
                Thread.sleep(UNREACHABLE_PAUSE_MILLIS);
            }
        }
        throw new IllegalStateException("no node answered the account of " + key);
    }
}
