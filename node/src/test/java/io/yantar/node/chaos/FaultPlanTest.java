package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FaultPlanTest {
    @Test
    void aSeedGivesTheSamePlanAndFaultsNeverOverlapOrLeaveTheWindow() {
        FaultPlan plan = FaultPlan.of(42, 60_000, 4, FaultPlan.Limits.DEFAULT);
        assertEquals(plan, FaultPlan.of(42, 60_000, 4, FaultPlan.Limits.DEFAULT));
        assertNotEquals(plan, FaultPlan.of(43, 60_000, 4, FaultPlan.Limits.DEFAULT));
        assertTrue(plan.steps().size() >= 4, plan.toString());
        long freeFrom = 0;
        for (FaultPlan.Step step : plan.steps()) {
            assertTrue(step.atMillis() >= freeFrom, "one fault at a time: " + plan);
            assertTrue(step.fault().node() >= 1 && step.fault().node() <= 4);
            freeFrom = step.atMillis() + step.fault().durationMillis();
            assertTrue(freeFrom <= 60_000, "inside the window: " + plan);
        }
    }
}
