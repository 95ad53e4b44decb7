package io.yantar.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs {@code onStop} once when {@code file} appears (checked every {@link #POLL_MILLIS} ms): a script
 * driving the bench ends the load when its scenario is done instead of guessing a --duration.
 */
final class StopFileWatch implements AutoCloseable {
    static final long POLL_MILLIS = 200;

    private final AtomicBoolean fired = new AtomicBoolean();
    private final Optional<ScheduledExecutorService> timer;

    StopFileWatch(Optional<Path> file, Runnable onStop) {
        timer = file.map(path -> {
            ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "bench-stop-file");
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> {
                if (Files.exists(path) && fired.compareAndSet(false, true)) {
                    onStop.run();
                }
            }, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
            return executor;
        });
    }

    boolean fired() {
        return fired.get();
    }

    @Override
    public void close() {
        timer.ifPresent(ScheduledExecutorService::shutdownNow);
    }
}
