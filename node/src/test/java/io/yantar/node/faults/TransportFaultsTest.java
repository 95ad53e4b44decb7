package io.yantar.node.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.yantar.node.config.InvalidConfigException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TransportFaultsTest {
    @Test
    void noFaultsSendsEveryMessageOnceAtOnce() {
        TransportFaults faults = new TransportFaults(new TransportFaultSettings(1, 0, 0, 0, Duration.ZERO), 0);
        for (int i = 0; i < 1_000; i++) {
            TransportFaults.Decision decision = faults.decide();
            assertEquals(List.of(Duration.ZERO), decision.copyDelays());
            assertTrue(decision.faults().isEmpty());
        }
    }

    @Test
    void certainDropSendsNothing() {
        TransportFaults faults = new TransportFaults(new TransportFaultSettings(1, 1, 1, 1, Duration.ofMillis(50)), 2);
        assertEquals(List.of(), faults.decide().copyDelays());
    }

    @Test
    void sharesFollowTheProbabilitiesAndDelaysStayWithinTheBound() {
        TransportFaults faults = new TransportFaults(new TransportFaultSettings(7, 0.1, 0.2, 0.3, Duration.ofMillis(200)), 1);
        int dropped = 0;
        int duplicated = 0;
        int delayed = 0;
        int runs = 20_000;
        for (int i = 0; i < runs; i++) {
            TransportFaults.Decision decision = faults.decide();
            dropped += decision.faults().contains(TransportFaults.Fault.DROPPED) ? 1 : 0;
            duplicated += decision.copyDelays().size() == 2 ? 1 : 0;
            for (Duration delay : decision.copyDelays()) {
                assertTrue(!delay.isNegative() && delay.toMillis() <= 200, "delay " + delay);
                delayed += delay.isZero() ? 0 : 1;
            }
        }
        assertEquals(0.1, dropped / (double) runs, 0.01);
        assertEquals(0.9 * 0.2, duplicated / (double) runs, 0.01);
        assertEquals(0.9 * 1.2 * 0.3, delayed / (double) runs, 0.015);
    }

    @Test
    void theSameSeedAndNodeReplayTheSameDecisions() {
        TransportFaultSettings settings = new TransportFaultSettings(42, 0.2, 0.2, 0.5, Duration.ofMillis(100));
        assertEquals(decisions(new TransportFaults(settings, 3)), decisions(new TransportFaults(settings, 3)));
    }

    @Test
    void theConfigSectionIsReadAndBadValuesAreRefusedByKey() {
        TransportFaultSettings read = TestFaultsReader.transportFaults(ConfigFactory.parseString(
                "yantar.test.transport-faults { seed = 5, drop = 0.01, duplicate = 0.02, delay-probability = 0.1, delay-max = 150ms }"))
                .orElseThrow();
        assertEquals(new TransportFaultSettings(5, 0.01, 0.02, 0.1, Duration.ofMillis(150)), read);
        assertTrue(TestFaultsReader.transportFaults(ConfigFactory.parseString("yantar.http.port = 1")).isEmpty());
        InvalidConfigException bad = assertThrows(InvalidConfigException.class, () -> TestFaultsReader.transportFaults(
                ConfigFactory.parseString("yantar.test.transport-faults { seed = 5, drop = 1.5 }")));
        assertTrue(bad.getMessage().startsWith("yantar.test.transport-faults: drop must be a probability"), bad.getMessage());
    }

    private static List<TransportFaults.Decision> decisions(TransportFaults faults) {
        List<TransportFaults.Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            decisions.add(faults.decide());
        }
        return decisions;
    }
}
