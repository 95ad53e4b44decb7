package io.yantar.node.consensus;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

/**
 * Counts signature checks and estimates the CPU time they take: the calling thread's CPU time
 * around one check in {@code samplePeriod}, scaled up by the period. Wall time would not do: on a
 * machine with more runnable threads than cores a check is often preempted halfway, and there one
 * took 0.9 ms of wall time for 0.1 ms of CPU (docs/BENCHMARKS.md, runs AQ). The share of a node's
 * CPU these checks take says how close the node is to the limit the benchmark assumes (every
 * replica bound by checking each payment's signature).
 */
final class SignatureCheckMeter {
    /** One check in 8 timed: two reads of the thread's CPU clock cost about 1 % of an Ed25519 check. */
    static final int SAMPLE_PERIOD = 8;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Runnable onCheck;
    private final LongConsumer onCpuNanos;
    private final int samplePeriod;
    private final AtomicLong checks = new AtomicLong();

    /**
     * @param onCheck told of every check
     * @param onCpuNanos told the estimated CPU nanoseconds of a timed check (its own times the period)
     * @param samplePeriod one check in this many is timed; 0 times none
     */
    SignatureCheckMeter(Runnable onCheck, LongConsumer onCpuNanos, int samplePeriod) {
        if (samplePeriod < 0) {
            throw new IllegalArgumentException("sample period must be >= 0, got " + samplePeriod);
        }
        this.onCheck = onCheck;
        this.onCpuNanos = onCpuNanos;
        this.samplePeriod = samplePeriod > 0 && cpuClockAvailable() ? samplePeriod : 0;
    }

    /** A meter that only counts. */
    static SignatureCheckMeter counting(Runnable onCheck) {
        return new SignatureCheckMeter(onCheck, nanos -> { }, 0);
    }

    /** Runs {@code check}, counted, and timed if its turn has come. */
    <T> T measure(Supplier<T> check) {
        onCheck.run();
        long n = checks.getAndIncrement();
        if (samplePeriod == 0 || n % samplePeriod != 0) {
            return check.get();
        }
        long start = THREADS.getCurrentThreadCpuTime();
        try {
            return check.get();
        } finally {
            long spent = THREADS.getCurrentThreadCpuTime() - start;
            if (start >= 0 && spent >= 0) {
                onCpuNanos.accept(spent * samplePeriod);
            }
        }
    }

    private static boolean cpuClockAvailable() {
        try {
            return THREADS.isCurrentThreadCpuTimeSupported() && THREADS.isThreadCpuTimeEnabled();
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
