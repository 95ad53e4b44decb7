package io.yantar.consensus.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.ForwardedRequests;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A request that waits at a replica reaches the replica that can propose it: the primary, or,
 * while this replica changes view (perhaps alone, the others still in the old view), every
 * validator, as a PBFT client broadcasts a request that timed out. Without that, a replica that
 * moved to a view nobody else joined kept its clients' payments to itself for good.
 */
class WaitingRequestsTest {
    private static final Bytes PAYMENT = TestApplication.payload("pay alice 5");

    @Test
    void aBackupInNormalOperationForwardsAWaitingRequestAgainToThePrimaryOnly() {
        Scenario backup = Scenario.replica(1, 4, Scenario.defaultConfig().withTimeouts(60_000, 120_000, 960_000, 500));
        backup.request("pay alice 5");

        List<Outbound> forwarded = forwardedOver(backup, 5_000);

        assertFalse(backup.replica.viewChanging());
        assertTrue(forwarded.stream().anyMatch(outbound -> outbound.to() == 0), "to the primary: " + forwarded);
        assertTrue(forwarded.stream().noneMatch(Outbound::broadcast), "not to everyone: " + forwarded);
    }

    @Test
    void aReplicaChangingViewForwardsItsWaitingRequestsToEveryValidator() {
        Scenario backup = Scenario.replica(1, 4, Scenario.defaultConfig());
        backup.request("pay alice 5"); // no block comes: after the request timeout the backup moves to view 1 alone
        while (!backup.replica.viewChanging()) {
            backup.advance(backup.config.retransmitIntervalMillis());
        }

        List<Outbound> forwarded = forwardedOver(backup, 5_000);

        assertTrue(forwarded.stream().anyMatch(Outbound::broadcast),
                "the others, perhaps still in view 0, must see the request to propose it or to follow: " + forwarded);
    }

    /** The re-forwards of PAYMENT over {@code millis} of retransmission ticks. */
    private static List<Outbound> forwardedOver(Scenario replica, long millis) {
        List<Outbound> out = new ArrayList<>();
        for (long elapsed = 0; elapsed < millis; elapsed += replica.config.retransmitIntervalMillis()) {
            for (Outbound outbound : replica.advance(replica.config.retransmitIntervalMillis()).send()) {
                if (outbound.message() instanceof ForwardedRequests requests && requests.payloads().contains(PAYMENT)) {
                    out.add(outbound);
                }
            }
        }
        return out;
    }
}
