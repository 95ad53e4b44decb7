package io.yantar.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Membership changes under faults (drops, partitions, crashes, one Byzantine member; half the seeds
 * crash the primary as the change commits): agreement across epochs and every honest node in the
 * last epoch with every request executed after GST. The 1,000-seed campaigns are in RELIABILITY.md.
 */
class MembershipSimulationTest {
    private static final int SEEDS = 25;

    private static String run(SimulationOptions options) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        SimulationCampaign.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static void assertPasses(Membership membership) {
        SimulationOptions options = SimulationOptions.of(4, 1, SEEDS, 1).withMembership(membership);
        assertEquals("simulated " + SEEDS + " seeds: 0 safety violations, 0 liveness failures\n", run(options), membership.name());
    }

    @Test
    void growFourToFiveToSeven() {
        assertPasses(Membership.GROW);
    }

    @Test
    void shrinkSevenToFour() {
        assertPasses(Membership.SHRINK);
    }

    @Test
    void replaceOneMachineWithANewKey() {
        assertPasses(Membership.REPLACE);
    }

    @Test
    void aTraceShowsEveryNodeEnteringEachEpochAndTheFlagReplaysIt() {
        SimulationOptions options = SimulationOptions.parse(new String[] {"--membership", "grow", "--seed", "3", "--trace"});
        assertEquals(Membership.GROW, options.membership());
        assertEquals(4, options.replicas(), "the scenario's genesis set");
        String trace = run(options);
        assertTrue(trace.contains("ENTERED epoch 1 from h"), "epoch 1 is entered");
        assertEquals(7, trace.lines().filter(line -> line.contains("ENTERED epoch 2 from h")).count(),
                "all seven nodes enter epoch 2 (the two new ones as observers first)");
        assertTrue(options.replayCommand(3).endsWith("--membership grow"));
    }
}
