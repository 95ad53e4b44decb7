package io.yantar.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Twins: two copies of the primary run the unmodified core with the same key on the two sides of
 * a partition, so equivocation arises from honest code. Safety must hold and, once the network
 * heals, every request must commit.
 */
class TwinsTest {

    @Test
    void twinPrimariesOnBothSidesOfAPartitionCannotBreakAgreement() {
        SimulationOptions options = SimulationOptions.of(4, 1, 1, 1);
        int equivocationsSeen = 0;
        for (long seed = 1; seed <= 20; seed++) {
            List<FaultPlan.Submission> submissions = new java.util.ArrayList<>();
            for (long id = 0; id < 30; id++) {
                submissions.add(new FaultPlan.Submission(id, (int) (id % 5), 50 * id));
            }
            // nodes 0..3 are replicas 0..3, node 4 is the twin of replica 0; the partition separates the twins
            FaultPlan plan = new FaultPlan(Map.of(), 0, 30, submissions, List.of(),
                    List.of(new FaultPlan.Partition(0, 800, seed)), 4_000, 0.0, 0.0, 1, 20, 0);
            SimulationResult result = new Simulation(options, seed, null, plan).run();
            assertTrue(result.passed(), "seed " + seed + ": " + result.safetyViolations() + " " + result.livenessFailure());
            equivocationsSeen += result.honestRejections().getOrDefault(io.yantar.consensus.core.RejectReason.EQUIVOCATION, 0L) > 0
                    ? 1 : 0;
        }
        assertTrue(equivocationsSeen >= 15, "the twins equivocated and honest replicas refused it in " + equivocationsSeen + " of 20");
    }
}
