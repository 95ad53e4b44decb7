package io.yantar.consensus.core;

/**
 * How long a backup waits for progress before it suspects the primary. Fixed at the configured
 * request timeout, a starved machine (four replicas sharing two cores, a long garbage
 * collection) had every backup start view changes against a primary that was merely slow, and
 * each view change made it slower. So the timeout follows how long progress recently took,
 * with the estimator TCP uses for its retransmission timeout (Jacobson and Karels: a smoothed
 * mean and mean deviation, gains 1/8 and 1/4), never below the configured timeout and never
 * above {@link #MAX_FACTOR} times it: a primary that slows down on purpose can stretch it only
 * that far. Pure: the caller hands in what it measured.
 */
final class ProgressTimeout {
    static final int MAX_FACTOR = 8;

    private final long baseMillis;
    private long meanMillis = -1;
    private long deviationMillis;

    ProgressTimeout(long baseMillis) {
        this.baseMillis = baseMillis;
    }

    /** A request waited {@code waitedMillis} for the block that brought progress. */
    void observe(long waitedMillis) {
        long sample = Math.max(0, waitedMillis);
        if (meanMillis < 0) {
            meanMillis = sample;
            deviationMillis = sample / 2;
            return;
        }
        deviationMillis += (Math.abs(sample - meanMillis) - deviationMillis) / 4;
        meanMillis += (sample - meanMillis) / 8;
    }

    long millis() {
        if (meanMillis < 0) {
            return baseMillis;
        }
        long adapted = 2 * meanMillis + 4 * deviationMillis;
        return Math.min(MAX_FACTOR * baseMillis, Math.max(baseMillis, adapted));
    }
}
