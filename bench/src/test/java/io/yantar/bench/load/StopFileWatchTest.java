package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StopFileWatchTest {
    @TempDir
    Path dir;

    @Test
    void stopsOnceWhenTheFileAppears() throws Exception {
        Path file = dir.resolve("stop");
        AtomicInteger stops = new AtomicInteger();
        CountDownLatch stopped = new CountDownLatch(1);
        try (StopFileWatch watch = new StopFileWatch(Optional.of(file), () -> {
            stops.incrementAndGet();
            stopped.countDown();
        })) {
            assertFalse(stopped.await(3 * StopFileWatch.POLL_MILLIS, TimeUnit.MILLISECONDS), "no file, no stop");
            assertFalse(watch.fired());
            Files.createFile(file);
            assertTrue(stopped.await(10, TimeUnit.SECONDS), "the file appeared");
            assertTrue(watch.fired());
            assertFalse(new CountDownLatch(1).await(3 * StopFileWatch.POLL_MILLIS, TimeUnit.MILLISECONDS));
            assertEquals(1, stops.get(), "once only");
        }
    }

    @Test
    void withoutAFileItNeverStops() {
        try (StopFileWatch watch = new StopFileWatch(Optional.empty(), () -> {
            throw new AssertionError("no stop file was given");
        })) {
            assertFalse(watch.fired());
        }
    }
}
