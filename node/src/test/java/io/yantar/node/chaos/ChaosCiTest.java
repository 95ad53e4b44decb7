package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import java.nio.file.Files;

/**
 * The short chaos run of CI: four node processes, kills and pauses from a seed, the bank test.
 * {@code -Dyantar.chaos.seed=S} replays a run; {@code -Dyantar.chaos.minutes=M} makes it a long
 * run, and {@code -Dyantar.chaos.node-config=HOCON} appends settings to every node's file
 * (see docs/RELIABILITY.md). The report is printed either way; the network folder with the
 * nodes' logs stays in {@code node/target/chaos/}.
 */
class ChaosCiTest {
    private static final long DEFAULT_SEED = 20_261_126L;

    @Test
    void killsAndPausesLoseNoAcknowledgedPaymentAndTheBankTestPasses() throws Exception {
        long seed = Long.getLong("yantar.chaos.seed", DEFAULT_SEED);
        Integer minutes = Integer.getInteger("yantar.chaos.minutes");
        String nodeConfig = System.getProperty("yantar.chaos.node-config", "");
        ChaosRun.Options options = minutes == null ? ChaosRun.Options.ci(seed, nodeConfig) : ChaosRun.Options.minutes(seed, minutes, nodeConfig);
        // Under target/, not a temporary folder: the nodes' logs stay for whoever reads a failure.
        Path dir = Files.createDirectories(Path.of("target", "chaos")).resolve("seed-" + seed + "-" + System.currentTimeMillis());
        ChaosRun.Report report = new ChaosRun(options).run(dir);
        System.out.println(report);
        assertTrue(report.verdict().passed(), report.toString());
        assertTrue(report.acknowledged() > 0, "clients saw payments commit: " + report);
        assertEquals(FaultPlan.of(seed, options.faultWindow().toMillis(), 4, FaultPlan.Limits.DEFAULT).steps().size(),
                report.faultsApplied().size(), "every planned fault was applied");
    }
}
