package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.ViewChange;
import org.junit.jupiter.api.Test;

/**
 * A replica that was itself not running (a tick far later than the deadline it asked for) does
 * not count that time against the primary, yet still suspects a silent one after a full timeout
 * of its own running time; block timestamps stay on the clock.
 */
class StallTest {
    private static final long THRESHOLD_MILLIS = 500;

    private static Config detecting() {
        return Scenario.defaultConfig().withStallThreshold(THRESHOLD_MILLIS);
    }

    @Test
    void aPausedBackupDoesNotSuspectThePrimaryForThePause() {
        Scenario backup = Scenario.replica(1, 4, detecting());
        backup.request("pay alice 5"); // waits for a block; the request timeout is 1 s

        Outputs afterPause = backup.advance(3_000); // woken 2.5 s after its 500 ms retransmission deadline

        assertTrue(sent(afterPause, ViewChange.class).isEmpty(), "the pause is the backup's own");
        assertEquals(2_500, backup.replica.stalledMillis());
        assertFalse(backup.replica.viewChanging());
    }

    @Test
    void aPausedBackupStillSuspectsASilentPrimaryAfterAFullTimeoutOfRunning() {
        Scenario backup = Scenario.replica(1, 4, detecting());
        backup.request("pay alice 5");
        backup.advance(3_000); // 500 ms of running, then a pause

        Outputs onTime = backup.advance(backup.config.retransmitIntervalMillis()); // ticked at its deadline: 1 s of running

        assertTrue(sent(onTime, ViewChange.class).stream().anyMatch(viewChange -> viewChange.newView() == 1),
                "no block in a full timeout of the backup's own running time");
        assertEquals(2_500, backup.replica.stalledMillis(), "a tick on time is no stall");
    }

    @Test
    void aLateTickWithinTheThresholdCountsAsRunningTime() {
        Scenario backup = Scenario.replica(1, 4, detecting());
        backup.request("pay alice 5");
        // Late by exactly the threshold for its 500 ms deadline, and the request's 1 s timeout is up.
        Outputs late = backup.advance(backup.config.retransmitIntervalMillis() + THRESHOLD_MILLIS);

        assertTrue(sent(late, ViewChange.class).stream().anyMatch(viewChange -> viewChange.newView() == 1));
        assertEquals(0, backup.replica.stalledMillis());
    }

    @Test
    void withDetectionOffALateTickCountsInFull() {
        Scenario backup = Scenario.replica(1, 4, Scenario.defaultConfig());
        backup.request("pay alice 5");

        assertTrue(sent(backup.advance(3_000), ViewChange.class).stream().anyMatch(viewChange -> viewChange.newView() == 1));
        assertEquals(0, backup.replica.stalledMillis());
    }

    @Test
    void aPausedPrimaryStampsItsNextBlockWithTheClockNotItsRunningTime() {
        Scenario primary = Scenario.replica(0, 4, detecting());
        primary.advance(10_000);

        Outputs proposed = primary.request("pay bob 7");

        assertEquals(9_500, primary.replica.stalledMillis());
        long timestamp = proposed.send().stream().map(Outbound::message).filter(ProposalMessage.class::isInstance)
                .map(ProposalMessage.class::cast).findFirst().orElseThrow().proposal().timestampMillis();
        assertEquals(primary.now, timestamp, "peers check block times against their clocks");
    }
}
