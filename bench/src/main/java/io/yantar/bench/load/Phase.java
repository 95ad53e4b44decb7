package io.yantar.bench.load;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * One load phase's counters: latencies in microseconds of the payments it sent, and for a
 * closed loop the window of payments in flight (a permit per payment sent and not yet
 * committed or refused).
 */
final class Phase {
    private static final int SIGNIFICANT_DIGITS = 3;

    final String name;
    final Semaphore window;
    final boolean open;
    final Histogram latenciesMicros = new ConcurrentHistogram(SIGNIFICANT_DIGITS);
    final AtomicLong committed = new AtomicLong();
    final AtomicLong failedAtExecution = new AtomicLong();
    final AtomicLong refused = new AtomicLong();
    final AtomicLong lost = new AtomicLong();

    private Phase(String name, Semaphore window) {
        this.name = name;
        this.window = window;
        this.open = window == null;
    }

    /** Phases that follow each other (warm-up, then measured) share one window. */
    static Phase closedLoop(String name, Semaphore window) {
        return new Phase(name, window);
    }

    static Phase openLoop(String name) {
        return new Phase(name, null);
    }

    void recordLatency(long originNanos, long nowNanos) {
        latenciesMicros.recordValue(Math.max(0, TimeUnit.NANOSECONDS.toMicros(nowNanos - originNanos)));
    }

    void releaseSlot() {
        if (window != null) {
            window.release();
        }
    }

    double percentileMillis(double percentile) {
        return latenciesMicros.getTotalCount() == 0 ? 0 : latenciesMicros.getValueAtPercentile(percentile) / 1000.0;
    }

    double maxMillis() {
        return latenciesMicros.getTotalCount() == 0 ? 0 : latenciesMicros.getMaxValue() / 1000.0;
    }
}
