package io.yantar.node.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The token bucket per client address, on a scripted clock. */
class ClientRateLimiterTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final ClientRateLimiter limiter = new ClientRateLimiter(10, 5, 1_000, nanos::get);

    @Test
    void aClientGetsItsBurstThenWaitsForTheRate() throws Exception {
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), limiter.acquire(flooder), "request " + i + " of the burst");
        }
        Optional<Duration> refused = limiter.acquire(flooder);
        assertEquals(Optional.of(Duration.ofMillis(100)), refused, "one token every 100 ms at 10/s");
        nanos.addAndGet(Duration.ofMillis(100).toNanos());
        assertEquals(Optional.empty(), limiter.acquire(flooder));
        assertTrue(limiter.acquire(flooder).isPresent());
    }

    @Test
    void anotherClientKeepsItsOwnBucket() throws Exception {
        InetAddress flooder = InetAddress.getByName("192.0.2.1");
        while (limiter.acquire(flooder).isEmpty()) {
            nanos.addAndGet(1);
        }
        assertEquals(Optional.empty(), limiter.acquire(InetAddress.getByName("192.0.2.2")));
    }

    @Test
    void quietClientsAreForgottenWhenTheTableIsFull() throws Exception {
        ClientRateLimiter small = new ClientRateLimiter(10, 1, 2, nanos::get);
        small.acquire(InetAddress.getByName("192.0.2.1"));
        small.acquire(InetAddress.getByName("192.0.2.2"));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        // Both buckets are full again, so a third client evicts them instead of growing the table.
        assertEquals(Optional.empty(), small.acquire(InetAddress.getByName("192.0.2.3")));
        assertEquals(Optional.empty(), small.acquire(InetAddress.getByName("192.0.2.1")));
    }
}
