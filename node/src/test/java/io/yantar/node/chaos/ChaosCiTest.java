package io.yantar.node.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.node.testing.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The short chaos run of CI: four node processes (in network namespaces when the machine has
 * them), node-4 Byzantine (equivocating), the transport's fault layer on, kills, pauses and
 * (with namespaces) partitions, lossy links and resets from a seed, the bank test. {@code -Dyantar.chaos.seed=S} replays a run,
 * {@code -Dyantar.chaos.base-port=P -Dyantar.chaos.http-base-port=Q} pin the ports, and {@code -Dyantar.chaos.node-config=HOCON}
 * appends settings to every node's file (see docs/RELIABILITY.md). The progress and the report
 * are printed; the network folder with the nodes' logs stays in {@code node/target/chaos/}.
 * Longer runs: {@code yantar chaos}.
 */
class ChaosCiTest {
    private static final long DEFAULT_SEED = 20_261_126L;

    @Test
    void faultsAndAByzantineNodeLoseNoAcknowledgedPaymentAndTheBankTestPasses() throws Exception {
        long seed = Long.getLong("yantar.chaos.seed", DEFAULT_SEED);
        String nodeConfig = System.getProperty("yantar.chaos.node-config", "");
        // -Dyantar.chaos.base-port / http-base-port pin the ports (machines shared by several runs); else free ones.
        int ports = Integer.getInteger("yantar.chaos.base-port", 0);
        ports = ports > 0 ? ports : FreePorts.consecutive(8);
        int httpPorts = Integer.getInteger("yantar.chaos.http-base-port", ports + 4);
        ChaosRun.Options options = ChaosRun.Options.ci(seed, nodeConfig, ports, httpPorts, line -> System.out.println("chaos: " + line));
        // Under target/, not a temporary folder: the nodes' logs stay for whoever reads a failure.
        Path dir = Files.createDirectories(Path.of("target", "chaos")).resolve("seed-" + seed + "-" + System.currentTimeMillis());
        ChaosRun.Report report = new ChaosRun(options).run(dir.toAbsolutePath());
        System.out.println(report);
        assertTrue(report.verdict().passed(), report.toString());
        assertTrue(report.acknowledged() > 0, "clients saw payments commit: " + report);
        assertEquals(report.plannedFaults(), report.faultsApplied().size(), "every planned fault was applied: " + report);
        assertTrue(report.passed(), report.toString());
    }
}
