package io.yantar.consensus.sim;

import io.yantar.consensus.core.Config;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The cores alone (zero-cost network, fake signatures, n = 4, one thread): committed requests
 * per CPU-second with 1-request blocks and with 500-request blocks, and heap per in-flight
 * height. Run with {@code java -cp consensus/target/classes io.yantar.consensus.sim.CoreThroughput}.
 *
 * <p>It reads the thread's CPU time, not a clock: "requests per second on one core" is requests
 * per CPU-second of this thread, and the simulator's purity rules (no wall-clock reads) stay
 * intact. The lead wraps {@link #commit} in JMH, which does its own timing.
 */
public final class CoreThroughput {
    private CoreThroughput() {
    }

    /** Submits and commits {@code requests} requests in blocks of {@code blockSize}; returns requests committed. */
    public static long commit(int replicas, int blockSize, long requests, int checkpointInterval) {
        Config config = Config.defaults("bench").withCheckpointInterval(checkpointInterval, Math.max(64, 4 * checkpointInterval))
                .withBatch(blockSize, blockSize == 1 ? 0 : 1_000);
        InstantCluster cluster = new InstantCluster(replicas, config, false);
        int chunk = Math.max(blockSize, 1_000 / blockSize * blockSize);
        long submitted = 0;
        while (submitted < requests) {
            int now = (int) Math.min(chunk, requests - submitted);
            cluster.submit(now, 64);
            submitted += now;
            cluster.runUntilQuiet();
        }
        cluster.advanceMillis(2_000);
        cluster.runUntilQuiet();
        if (cluster.committedRequests() != requests) {
            throw new IllegalStateException("committed " + cluster.committedRequests() + " of " + requests);
        }
        return cluster.committedRequests();
    }

    /** Heap bytes per height in flight, per replica: a full window of prepared, uncommitted heights at every replica. */
    public static long heapBytesPerInFlightHeight(int replicas, int blockSize) {
        Config config = Config.defaults("bench").withCheckpointInterval(1, 64).withBatch(blockSize, 1_000);
        long before = usedHeap();
        InstantCluster cluster = new InstantCluster(replicas, config, false);
        cluster.holdCommits(true);
        cluster.submit(64 * blockSize, 64);
        cluster.runUntilQuiet();
        long after = usedHeap();
        int inFlight = (int) (cluster.replica(0).retainedItems());
        long perHeight = (after - before) / ((long) inFlight * replicas);
        cluster.holdCommits(false);
        cluster.runUntilQuiet();
        return perHeight;
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    public static void main(String[] args) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int[][] runs = {{1, 1}, {1, 16}, {500, 1}, {500, 16}};
        for (int[] run : runs) {
            int blockSize = run[0];
            int checkpointInterval = run[1];
            long requests = blockSize == 1 ? 100_000 : 2_000_000;
            commit(4, blockSize, requests / 10, checkpointInterval); // warm-up
            long start = threads.getCurrentThreadCpuTime();
            long committed = commit(4, blockSize, requests, checkpointInterval);
            double seconds = (threads.getCurrentThreadCpuTime() - start) / 1e9;
            System.out.printf("n=4, %3d-request blocks, checkpoint every %2d: %,10.0f requests/s committed (%,d in %.2f CPU-s)%n",
                    blockSize, checkpointInterval, committed / seconds, committed, seconds);
        }
        System.out.printf("heap per in-flight height per replica: %,d bytes (1-request blocks), %,d bytes (500 x 64-byte requests)%n",
                heapBytesPerInFlightHeight(4, 1), heapBytesPerInFlightHeight(4, 500));
    }
}
