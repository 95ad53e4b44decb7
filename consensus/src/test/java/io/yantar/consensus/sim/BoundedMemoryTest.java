package io.yantar.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Config;
import org.junit.jupiter.api.Test;

/** On an endless run the log and the journal stay bounded by the watermark window, whatever the number of heights. */
class BoundedMemoryTest {

    @Test
    void logAndJournalStayBoundedOverTwentyThousandHeights() {
        Config config = Config.defaults("memory").withCheckpointInterval(4, 16).withBatch(1, 0);
        InstantCluster cluster = new InstantCluster(4, config, true);
        int maxRetained = 0;
        int maxJournal = 0;
        int retainedAfterWarmUp = 0;
        for (int round = 1; round <= 2_000; round++) {
            cluster.submit(10, 32);
            cluster.runUntilQuiet();
            cluster.advanceMillis(1);
            cluster.runUntilQuiet();
            for (int replica = 0; replica < 4; replica++) {
                maxRetained = Math.max(maxRetained, cluster.replica(replica).retainedItems());
                maxJournal = Math.max(maxJournal, cluster.journalSize(replica));
            }
            if (round == 100) {
                retainedAfterWarmUp = maxRetained;
            }
        }
        assertEquals(20_000, cluster.committedBlocks());
        assertEquals(maxRetained, retainedAfterWarmUp, "nothing grows after the first hundred rounds");
        assertTrue(maxRetained <= 16 + 4 * (16 / 4 + 2) + 16, "slots <= L, checkpoints <= n * (L/K + 2): " + maxRetained);
        assertTrue(maxJournal < 16 * 16, "journal records above the stable checkpoint only: " + maxJournal);
        assertTrue(cluster.journalRecordsWritten() > 100 * maxJournal, "while far more records were written");
    }

    @Test
    void coreThroughputHarnessCommitsEverything() {
        assertEquals(20_000, CoreThroughput.commit(4, 500, 20_000, 1));
        assertEquals(2_000, CoreThroughput.commit(4, 1, 2_000, 1));
    }
}
