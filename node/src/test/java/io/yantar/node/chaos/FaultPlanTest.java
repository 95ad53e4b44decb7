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

    @Test
    void withNamespacesEveryKindAppearsAndOneTwinRunsPastTheMiddleUnderAnotherNodesKey() {
        java.util.Set<FaultPlan.Kind> kinds = java.util.EnumSet.copyOf(FaultPlan.Kind.NAMESPACES);
        kinds.add(FaultPlan.Kind.TWIN);
        FaultPlan plan = FaultPlan.of(7, 600_000, 4, FaultPlan.Limits.DEFAULT, kinds, 0);
        java.util.Set<Class<?>> seen = new java.util.HashSet<>();
        plan.steps().forEach(step -> seen.add(step.fault().getClass()));
        assertEquals(java.util.Set.of(Fault.Kill.class, Fault.Pause.class, Fault.Partition.class, Fault.Lossy.class, Fault.Resets.class,
                Fault.Twin.class), seen, plan.toString());
        java.util.List<FaultPlan.Step> twins = plan.steps().stream().filter(step -> step.fault() instanceof Fault.Twin).toList();
        assertEquals(1, twins.size(), plan.toString());
        assertTrue(twins.get(0).atMillis() >= 300_000, "the twin comes past the middle: " + twins);
        Fault.Twin twin = (Fault.Twin) twins.get(0).fault();
        assertNotEquals(twin.node(), twin.twinOf(), "the twin joins through another node than the one it copies");
        plan.steps().stream().map(FaultPlan.Step::fault).filter(Fault.Lossy.class::isInstance).map(Fault.Lossy.class::cast)
                .forEach(lossy -> assertTrue(lossy.probability() >= 0.1 && lossy.probability() <= 0.5, lossy.toString()));
    }

    @Test
    void withAByzantineNodeTheTwinHoldsItsKeyAndJoinsThroughAnHonestNode() {
        java.util.Set<FaultPlan.Kind> kinds = java.util.EnumSet.copyOf(FaultPlan.Kind.NAMESPACES);
        kinds.add(FaultPlan.Kind.TWIN);
        for (long seed = 1; seed <= 50; seed++) {
            FaultPlan plan = FaultPlan.of(seed, 60_000, 4, FaultPlan.Limits.DEFAULT, kinds, 4);
            plan.steps().stream().map(FaultPlan.Step::fault).filter(Fault.Twin.class::isInstance).map(Fault.Twin.class::cast)
                    .forEach(twin -> {
                        assertEquals(4, twin.twinOf(), twin.toString());
                        assertNotEquals(4, twin.node(), twin.toString());
                    });
        }
    }

    @Test
    void onLoopbackOnlyKillsAndPausesArePlanned() {
        FaultPlan plan = FaultPlan.of(42, 600_000, 4, FaultPlan.Limits.DEFAULT, FaultPlan.Kind.LOOPBACK, 0);
        assertTrue(plan.steps().stream().allMatch(step -> step.fault() instanceof Fault.Kill || step.fault() instanceof Fault.Pause),
                plan.toString());
    }

    @Test
    void openingFaultsComeFirstInOrderAndTheDrawnOnesFollowWithoutOverlap() {
        FaultPlan drawn = FaultPlan.of(42, 60_000, 4, FaultPlan.Limits.DEFAULT);
        FaultPlan plan = drawn.openingWith(java.util.List.of(new Fault.Kill(1, 3_000), new Fault.Pause(2, 4_000)), 5_000);
        assertEquals(drawn.steps().size() + 2, plan.steps().size());
        assertEquals(new FaultPlan.Step(0, new Fault.Kill(1, 3_000)), plan.steps().get(0));
        assertEquals(new FaultPlan.Step(8_000, new Fault.Pause(2, 4_000)), plan.steps().get(1));
        assertEquals(drawn.steps().get(0).fault(), plan.steps().get(2).fault());
        assertEquals(17_000 + drawn.steps().get(0).atMillis(), plan.steps().get(2).atMillis());
        long freeFrom = 0;
        for (FaultPlan.Step step : plan.steps()) {
            assertTrue(step.atMillis() >= freeFrom, "one fault at a time: " + plan);
            freeFrom = step.atMillis() + step.fault().durationMillis();
        }
    }
}
