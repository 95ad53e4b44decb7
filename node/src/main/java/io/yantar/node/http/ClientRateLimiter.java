package io.yantar.node.http;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per client address: {@code burst} requests at once, refilled at
 * {@code ratePerSecond}. Buckets of clients that went quiet (full again) are forgotten when the
 * table grows past {@code clientsMax}, so a scan over many source addresses cannot grow it
 * without bound.
 */
final class ClientRateLimiter {
    private final double tokensPerNano;
    private final double burst;
    private final int clientsMax;
    private final LongSupplier nanoClock;
    private final ConcurrentHashMap<InetAddress, Bucket> buckets = new ConcurrentHashMap<>();

    ClientRateLimiter(double ratePerSecond, int burst, int clientsMax, LongSupplier nanoClock) {
        this.tokensPerNano = ratePerSecond / 1e9;
        this.burst = burst;
        this.clientsMax = clientsMax;
        this.nanoClock = nanoClock;
    }

    /** Takes one request's token; empty when allowed, otherwise how long until the next token. */
    Optional<Duration> acquire(InetAddress client) {
        long now = nanoClock.getAsLong();
        if (buckets.size() >= clientsMax) {
            buckets.values().removeIf(bucket -> bucket.fullAt(now));
        }
        return buckets.computeIfAbsent(client, address -> new Bucket(now)).take(now);
    }

    private final class Bucket {
        private double tokens = burst;
        private long updatedNanos;

        Bucket(long now) {
            this.updatedNanos = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            return Optional.of(Duration.ofNanos((long) Math.ceil((1 - tokens) / tokensPerNano)));
        }

        synchronized boolean fullAt(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - updatedNanos) * tokensPerNano);
            updatedNanos = now;
        }
    }
}
