package io.yantar.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SimulateCommandTest {
    @Test
    void runsSeedsAndEndsWithTheSummaryLine() {
        String out = simulate(0, "--replicas", "4", "--faulty", "1", "--seeds", "5", "--seed-start", "1");
        assertTrue(out.strip().endsWith("simulated 5 seeds: 0 safety violations, 0 liveness failures"), out);
    }

    @Test
    void runsAMembershipScenario() {
        String out = simulate(0, "--membership", "shrink", "--seeds", "2");
        assertTrue(out.strip().endsWith("simulated 2 seeds: 0 safety violations, 0 liveness failures"), out);
    }

    private static String simulate(int expectedExit, String... flags) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        String[] args = new String[flags.length + 1];
        args[0] = "simulate";
        System.arraycopy(flags, 0, args, 1, flags.length);
        int code;
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = YantarCli.run(args, new PrintWriter(new StringWriter(), true), new PrintWriter(new StringWriter(), true));
        } finally {
            System.setOut(original);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertEquals(expectedExit, code, out);
        return out;
    }

    @Test
    void refusesMoreFaultsThanTheReplicasTolerate() {
        StringWriter err = new StringWriter();
        int code = YantarCli.run(new String[] {"simulate", "--replicas", "3", "--faulty", "1"},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertEquals(2, code);
        assertTrue(err.toString().contains("--faulty 1 needs at least 4 replicas"), err.toString());
    }
}
