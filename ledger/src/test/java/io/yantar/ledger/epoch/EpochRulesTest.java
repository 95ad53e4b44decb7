package io.yantar.ledger.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EpochRulesTest {

    @Test
    void theNextEpochStartsAfterTheWatermarkWindowJustAfterACheckpointHeight() {
        EpochRules rules = new EpochRules(10, 64);
        assertEquals(71, rules.startHeightFor(2), "ceil(66 / 10) * 10 + 1");
        assertEquals(71, rules.startHeightFor(6), "ceil(70 / 10) * 10 + 1: 70 is itself a checkpoint height");
        assertEquals(81, rules.startHeightFor(7));
    }

    @Test
    void withACheckpointAtEveryHeightTheEpochStartsRightAfterTheWindow() {
        assertEquals(67, new EpochRules(1, 64).startHeightFor(2));
        assertEquals(3, new EpochRules(1, 0).startHeightFor(2), "the next height when nothing can be in flight");
    }

    @Test
    void anIntervalBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new EpochRules(0, 64));
    }
}
