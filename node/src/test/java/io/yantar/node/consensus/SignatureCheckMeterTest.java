package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SignatureCheckMeterTest {

    @Test
    void countsEveryCheckAndTimesOneInEachPeriodScaledByThePeriod() {
        AtomicInteger counted = new AtomicInteger();
        List<Long> timed = new ArrayList<>();
        SignatureCheckMeter meter = new SignatureCheckMeter(counted::incrementAndGet, timed::add, 4);
        CryptoSuite suite = CryptoSuites.ed25519();
        SigningKey key = suite.generateKey(new SecureRandom(new byte[] {7}));
        byte[] message = "a payment".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] signature = key.sign(SignatureDomain.TRANSACTION, message);

        for (int i = 0; i < 10; i++) {
            assertTrue(meter.measure(() -> suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, message, signature)));
        }

        assertEquals(10, counted.get());
        assertEquals(3, timed.size(), "checks 1, 5 and 9 of ten are timed");
        // A check burns CPU on this thread; the estimate is its own time times the period.
        timed.forEach(nanos -> assertTrue(nanos > 0 && nanos % 4 == 0, "estimate " + nanos));
    }

    @Test
    void aCountingMeterTimesNothingAndPassesTheCheckThrough() {
        AtomicInteger counted = new AtomicInteger();
        SignatureCheckMeter meter = SignatureCheckMeter.counting(counted::incrementAndGet);
        assertEquals("verdict", meter.measure(() -> "verdict"));
        assertEquals(1, counted.get());
        assertThrows(IllegalArgumentException.class, () -> new SignatureCheckMeter(() -> { }, nanos -> { }, -1));
    }

    @Test
    void aCheckThatThrowsIsStillCountedAndItsExceptionPasses() {
        AtomicInteger counted = new AtomicInteger();
        List<Long> timed = new ArrayList<>();
        SignatureCheckMeter meter = new SignatureCheckMeter(counted::incrementAndGet, timed::add, 1);
        assertThrows(IllegalStateException.class, () -> meter.measure(() -> {
            throw new IllegalStateException("malformed");
        }));
        assertEquals(1, counted.get());
        assertEquals(1, timed.size());
    }
}
