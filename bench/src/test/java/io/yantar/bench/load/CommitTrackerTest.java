package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Test;

class CommitTrackerTest {
    private static final long MS = 1_000_000;

    @Test
    void aPaymentCountsOnceWhenItsReceiptArrivesWithItsLatencyAndFreesItsSlot() {
        Semaphore window = new Semaphore(10);
        window.acquireUninterruptibly(2);
        Phase phase = Phase.closedLoop("closed", window);
        CommitTracker tracker = new CommitTracker();
        tracker.sent("a", 0, phase);
        tracker.sent("b", 0, phase);
        tracker.onReceipt("a", true, "", 250 * MS);
        tracker.onReceipt("a", true, "", 300 * MS);
        tracker.onReceipt("not-ours", true, "", 300 * MS);
        assertEquals(1, tracker.committedTotal());
        assertEquals(1, phase.committed.get());
        assertEquals(250.0, phase.percentileMillis(99), 0.5);
        assertEquals(9, window.availablePermits());
        assertEquals(1, tracker.inFlight(phase));
    }

    @Test
    void lostPaymentsAreRecordedAtTheDrainsEndAndCountedInTheTotalIfTheyCommitLater() {
        Phase phase = Phase.openLoop("open");
        CommitTracker tracker = new CommitTracker();
        tracker.sent("late", 0, phase);
        tracker.expire(phase, 30_000 * MS);
        assertEquals(1, phase.lost.get());
        assertEquals(30_000.0, phase.maxMillis(), 30.0);
        tracker.onReceipt("late", false, "INSUFFICIENT_FUNDS", 31_000 * MS);
        assertEquals(1, tracker.committedTotal());
        assertEquals(1, tracker.failedTotal());
        assertEquals(0, phase.committed.get());
        assertEquals(1, tracker.nonceConsumingTotal());
    }

    @Test
    void aReplayedNonceSettlesWithoutUsingANonceAndANonceAheadStaysInFlight() {
        Phase phase = Phase.openLoop("open");
        CommitTracker tracker = new CommitTracker();
        tracker.sent("replayed", 0, phase);
        tracker.sent("ahead", 0, phase);
        tracker.sent("paid", 0, phase);
        tracker.onReceipt("replayed", false, "NONCE_REPLAYED", MS);
        tracker.onReceipt("ahead", false, "NONCE_AHEAD", MS);
        tracker.onReceipt("paid", true, "", MS);
        assertEquals(2, tracker.committedTotal());
        assertEquals(1, tracker.nonceConsumingTotal());
        assertEquals(1, tracker.failureReasons().get("NONCE_REPLAYED").get());
        assertEquals(null, tracker.failureReasons().get("NONCE_AHEAD"));
        assertEquals(1, tracker.inFlight(phase));

        tracker.onReceipt("ahead", true, "", 2 * MS);
        assertEquals(3, tracker.committedTotal());
        assertEquals(2, tracker.nonceConsumingTotal());
        assertEquals(0, tracker.inFlight(phase));
    }

    @Test
    void refusedAndRetriedPaymentsLeaveTheWindow() {
        Semaphore window = new Semaphore(0);
        Phase phase = Phase.closedLoop("closed", window);
        CommitTracker tracker = new CommitTracker();
        tracker.sent("refused", 0, phase);
        tracker.sent("overloaded", 0, phase);
        tracker.refused("refused");
        tracker.unsent("overloaded");
        assertEquals(2, window.availablePermits());
        assertEquals(1, phase.refused.get());
        assertEquals(0, tracker.inFlight());
    }
}
