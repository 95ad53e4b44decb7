package io.yantar.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadinessTest {
    @Test
    void readyWhenEveryConditionIsMetAndFirstReadyCompletesOnceWhenTheGuardianSeesIt() {
        Readiness readiness = new Readiness();
        AtomicBoolean caughtUp = new AtomicBoolean();
        readiness.add(() -> caughtUp.get() ? Optional.empty() : Optional.of("catching up"));
        AtomicInteger runs = new AtomicInteger();
        readiness.firstReady().thenRun(runs::incrementAndGet);
        assertEquals(List.of("catching up"), readiness.unmetReasons());
        assertFalse(readiness.isReady());
        caughtUp.set(true);
        assertTrue(readiness.isReady());
        assertEquals(0, runs.get(), "only the guardian's check counts");
        readiness.seenReady();
        readiness.seenReady();
        assertEquals(1, runs.get());
    }
}
