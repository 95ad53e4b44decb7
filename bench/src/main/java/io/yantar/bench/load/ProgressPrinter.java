package io.yantar.bench.load;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** A line per second while a phase runs: commits in the last second, committed so far, in flight, p99 so far. */
final class ProgressPrinter implements AutoCloseable {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "bench-progress");
        thread.setDaemon(true);
        return thread;
    });

    ProgressPrinter(PrintStream out, Phase phase, CommitTracker tracker, long startNanos) {
        long committedAtStart = tracker.committedTotal();
        long[] previous = {committedAtStart};
        timer.scheduleAtFixedRate(() -> {
            long committed = tracker.committedTotal();
            out.printf(Locale.ROOT, "[%-8s %4.0fs] rate %6d tx/s  committed %8d  in flight %6d  p99 so far %8.1f ms%n",
                    phase.name, (System.nanoTime() - startNanos) / 1e9, committed - previous[0], committed - committedAtStart,
                    tracker.inFlight(), phase.percentileMillis(99.0));
            previous[0] = committed;
        }, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
