package io.yantar.ledger.block;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TimestampRuleTest {
    private final TimestampRule rule = new TimestampRule(5_000);

    @Test
    void acceptsAMonotonicTimestampNearTheReplicasClock() {
        assertTrue(rule.check(1_000_000, 1_000_000, 1_004_000).isEmpty());
        assertTrue(rule.check(1_000_000, 1_003_000, 1_000_000).isEmpty());
    }

    @Test
    void refusesGoingBackwardsOrDriftingTooFar() {
        assertTrue(rule.check(1_000_000, 999_999, 1_000_000).orElseThrow().contains("before"));
        assertTrue(rule.check(1_000_000, 1_010_000, 1_000_000).orElseThrow().contains("ms from"));
        assertTrue(rule.check(Long.MIN_VALUE, Long.MIN_VALUE, Long.MAX_VALUE).isPresent());
        assertTrue(rule.check(0, Long.MAX_VALUE, Long.MAX_VALUE - 1).isEmpty());
    }
}
