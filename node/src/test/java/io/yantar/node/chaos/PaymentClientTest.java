package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A payment client's patience is time: it retries one payment for as long as it was given
 * however fast every attempt fails, then gives up and says so (docs/RELIABILITY.md, O11).
 */
class PaymentClientTest {
    @Test
    void retriesAPaymentForItsWholePatienceThenGivesUpNamingIt() throws Exception {
        AtomicInteger submissions = new AtomicInteger();
        HttpServer node = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        node.createContext("/v1/accounts/", exchange -> answer(exchange, 200, "{\"nonce\":7}"));
        node.createContext("/v1/transactions", exchange -> {
            submissions.incrementAndGet();
            answer(exchange, 503, "{\"code\":\"unavailable\"}"); // a node that runs no replica: answered at once
        });
        node.start();
        try {
            SigningKey key = CryptoSuites.ed25519().generateKey(new SecureRandom());
            Queue<Acknowledged> acknowledged = new ConcurrentLinkedQueue<>();
            URI url = URI.create("http://127.0.0.1:" + node.getAddress().getPort());
            PaymentClient client = new PaymentClient(key, "yantar-test", List.of(SignedTransfers.address(key)), List.of(url), 1L,
                    acknowledged, System::currentTimeMillis, Duration.ofSeconds(2));
            long start = System.nanoTime();
            client.run(); // returns once it gives up

            assertTrue(System.nanoTime() - start >= Duration.ofSeconds(2).toNanos(), "it kept trying for its whole patience");
            assertTrue(client.gaveUp().startsWith("gave up on nonce 7 "), client.gaveUp());
            assertTrue(submissions.get() > 1, "it retried: " + submissions.get());
            assertEquals(submissions.get(), client.unansweredAttempts());
            assertTrue(acknowledged.isEmpty());
        } finally {
            node.stop(0);
        }
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (var out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
