package io.yantar.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a backup forwards to the primary again, and when. */
class RequestPoolTest {
    private static final long INTERVAL = 500;

    @Test
    void aWaitingRequestIsForwardedAgainOnABackoff() {
        RequestPool pool = new RequestPool();
        pool.add(request("a", 0));
        List<Long> forwardedAt = new ArrayList<>();
        for (long now = 0; now <= 40_000; now += 100) {
            if (!pool.dueForReforward(now, INTERVAL, 10).isEmpty()) {
                forwardedAt.add(now);
            }
        }
        assertEquals(List.of(500L, 1_500L, 3_500L, 7_500L, 15_500L, 31_500L), forwardedAt,
                "after 1, 2, 4, 8, 16 and then every 32 intervals, instead of every interval");
    }

    @Test
    void onlyRequestsOlderThanOneIntervalAreDueAndAtMostTheLimit() {
        RequestPool pool = new RequestPool();
        pool.add(request("old", 0));
        pool.add(request("older than the limit allows", 10));
        pool.add(request("young", 900));
        assertEquals(List.of(payload("old")), pool.dueForReforward(1_000, INTERVAL, 1));
        assertEquals(List.of(payload("older than the limit allows")), pool.dueForReforward(1_000, INTERVAL, 1),
                "the next one, the first being forwarded already");
        assertTrue(pool.dueForReforward(1_000, INTERVAL, 10).isEmpty(), "young is not due before 1,400");
    }

    @Test
    void aNewViewMakesEveryWaitingRequestDueOnceMore() {
        RequestPool pool = new RequestPool();
        pool.add(request("a", 0));
        assertEquals(1, pool.dueForReforward(500, INTERVAL, 10).size());
        assertTrue(pool.dueForReforward(600, INTERVAL, 10).isEmpty());
        pool.resetInFlight(List.of());
        assertEquals(1, pool.dueForReforward(600, INTERVAL, 10).size(), "the new primary may not have it");
    }

    @Test
    void heldAndCommittedRequestsAreNotForwarded() {
        RequestPool pool = new RequestPool();
        pool.hold(request("held", 0));
        pool.add(request("committed", 0));
        pool.committed(List.of(new RequestKey(payload("committed"))));
        assertTrue(pool.dueForReforward(10_000, INTERVAL, 10).isEmpty());
        pool.release(new RequestKey(payload("held")));
        assertEquals(List.of(payload("held")), pool.dueForReforward(10_000, INTERVAL, 10));
    }

    private static RequestPool.Request request(String text, long arrivedMillis) {
        return new RequestPool.Request(new RequestKey(payload(text)), payload(text), arrivedMillis);
    }

    private static Bytes payload(String text) {
        return TestApplication.payload(text);
    }
}
