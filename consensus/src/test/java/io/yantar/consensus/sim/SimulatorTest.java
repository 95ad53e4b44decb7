package io.yantar.consensus.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.ProtocolMutation;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The CI run of the simulator: a few hundred seeds with random faults must pass; a broken protocol must not. */
class SimulatorTest {

    private static String run(SimulationOptions options, int[] exitCode) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        exitCode[0] = SimulationCampaign.run(options, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void threeHundredSeedsOfFourReplicasWithOneFaultPass() {
        int[] exit = new int[1];
        String out = run(SimulationOptions.of(4, 1, 300, 1), exit);
        assertEquals("simulated 300 seeds: 0 safety violations, 0 liveness failures\n", out);
        assertEquals(0, exit[0]);
    }

    @Test
    void oneHundredSeedsOfSevenReplicasWithTwoFaultsPass() {
        int[] exit = new int[1];
        String out = run(SimulationOptions.of(7, 2, 100, 1_000), exit);
        assertEquals("simulated 100 seeds: 0 safety violations, 0 liveness failures\n", out);
        assertEquals(0, exit[0]);
    }

    @Test
    void tenReplicasWithThreeFaultsWork() {
        int[] exit = new int[1];
        assertEquals("simulated 20 seeds: 0 safety violations, 0 liveness failures\n", run(SimulationOptions.of(10, 3, 20, 1), exit));
    }

    @Test
    void aSeedReplaysBitForBit() {
        SimulationOptions options = SimulationOptions.parse(new String[] {"--replicas", "4", "--seed", "17", "--trace"});
        int[] exit = new int[1];
        String first = run(options, exit);
        String second = run(options, exit);
        assertEquals(first, second);
        assertTrue(first.lines().count() > 100, "the trace shows every message");
        assertTrue(first.contains("COMMITTED h1"));
        assertNotEquals(first, run(SimulationOptions.parse(new String[] {"--replicas", "4", "--seed", "18", "--trace"}), exit));
    }

    @Test
    void quorumOfTwoFInsteadOfTwoFPlusOneIsCaught() {
        assertViolationFound(ProtocolMutation.QUORUM_TWO_F);
    }

    @Test
    void forgettingPreparedCertificatesInViewChangeIsCaught() {
        assertViolationFound(ProtocolMutation.SKIP_PREPARED_CARRY_OVER);
    }

    /** Runs seeds until the first safety violation (at most 500), then checks the campaign reports it with its replay command. */
    private static void assertViolationFound(ProtocolMutation mutation) {
        SimulationOptions options = SimulationOptions.of(4, 1, 1, 1).withMutation(mutation);
        long found = -1;
        for (long seed = 1; seed <= 500 && found < 0; seed++) {
            if (!SimulationCampaign.runSeed(options, seed, null).safe()) {
                found = seed;
            }
        }
        assertTrue(found > 0, mutation + " went unnoticed for 500 seeds");
        int[] exit = new int[1];
        String out = run(SimulationOptions.of(4, 1, 1, found).withMutation(mutation), exit);
        assertEquals(1, exit[0]);
        assertTrue(out.startsWith("seed " + found + " SAFETY VIOLATION: "), out);
        assertTrue(out.contains("replay: yantar simulate --replicas 4 --faulty 1 --seed " + found + " --trace --mutation " + mutation.name()),
                out);
        assertTrue(out.endsWith("simulated 1 seeds: 1 safety violations, 0 liveness failures\n"), out);
    }

    @Test
    void commandLineFlags() {
        SimulationOptions options = SimulationOptions.parse(new String[] {"--replicas", "7", "--faulty", "2", "--seeds", "500",
                "--seed-start", "9"});
        assertEquals(SimulationOptions.of(7, 2, 500, 9), options);
        assertEquals(1, SimulationOptions.parse(new String[] {"--replicas", "4"}).faulty(), "f defaults to (n - 1) / 3");
        assertThrows(IllegalArgumentException.class, () -> SimulationOptions.parse(new String[] {"--replicas", "4", "--faulty", "2"}));
        assertThrows(IllegalArgumentException.class, () -> SimulationOptions.parse(new String[] {"--bogus"}));
    }
}
