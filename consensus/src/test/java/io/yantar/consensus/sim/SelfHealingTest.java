package io.yantar.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Config;
import org.junit.jupiter.api.Test;

/** After more than f replicas were down and come back, the cluster resumes by itself: nobody restarts the others. */
class SelfHealingTest {

    @Test
    void clusterResumesAfterThePrimaryAndAnotherReplicaWereDownTogether() {
        Config config = Config.defaults("heal").withCheckpointInterval(4, 16).withBatch(4, 5).withTimeouts(1_000, 1_000, 8_000, 300);
        InstantCluster cluster = new InstantCluster(4, config, true);
        cluster.submit(8, 32);
        tick(cluster, 50);
        assertEquals(8, cluster.executedEverywhere());

        cluster.crash(0); // the primary
        cluster.crash(1); // and one more: two of four down, more than f = 1
        cluster.submitTo(2, 6, 32);
        tick(cluster, 30_000);
        assertEquals(8, cluster.executedEverywhere(), "two replicas alone cannot commit");

        cluster.restart(0);
        cluster.restart(1);
        long waitedMillis = tickUntilExecuted(cluster, 14, 60_000);

        assertEquals(14, cluster.executedEverywhere());
        assertTrue(cluster.replica(2).view() >= 1, "they changed view away from the crashed primary");
        assertTrue(waitedMillis < 20_000, "resumed within " + waitedMillis + " ms of the restart");
    }

    private static void tick(InstantCluster cluster, long millis) {
        for (long t = 0; t < millis; t += 10) {
            cluster.advanceMillis(10);
            cluster.runUntilQuiet();
        }
    }

    /** Ticks until every replica executed {@code requests}; returns the simulated time it took. */
    private static long tickUntilExecuted(InstantCluster cluster, long requests, long maxMillis) {
        long waited = 0;
        while (cluster.executedEverywhere() < requests && waited < maxMillis) {
            cluster.advanceMillis(10);
            cluster.runUntilQuiet();
            waited += 10;
        }
        return waited;
    }
}
