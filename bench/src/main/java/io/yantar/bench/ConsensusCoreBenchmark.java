package io.yantar.bench;

import io.yantar.consensus.sim.CoreThroughput;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The PBFT core alone: four replicas of the pure core in one thread ({@code InstantCluster}:
 * zero-cost network, fake signatures, no journal), committing 64-byte requests. The score is
 * committed requests per second; divide by the block size for blocks (consensus instances) per
 * second. What consensus itself costs once crypto, I/O and Pekko are taken away.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ConsensusCoreBenchmark {
    private static final int REPLICAS = 4;
    private static final int REQUESTS_PER_INVOCATION = 10_000;

    /** Requests per block: 1 (every request its own consensus instance) or 500 (blocks as under load). */
    @Param({"1", "500"})
    public int blockSize;

    /** Blocks between checkpoints (a checkpoint round costs one more all-to-all exchange). */
    @Param({"16"})
    public int checkpointInterval;

    @Benchmark
    @OperationsPerInvocation(REQUESTS_PER_INVOCATION)
    public long commitRequests() {
        return CoreThroughput.commit(REPLICAS, blockSize, REQUESTS_PER_INVOCATION, checkpointInterval);
    }
}
