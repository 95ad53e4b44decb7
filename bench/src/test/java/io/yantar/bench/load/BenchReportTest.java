package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BenchReportTest {
    private static final MachineLimit LIMIT = new MachineLimit(16_000, 2, 4);
    private static final MachineLimit LIMIT_AFTER = new MachineLimit(12_800, 2, 4);
    private static final PhaseResult CLOSED = new PhaseResult("closed", 30, 96_000, 0, 0, 0, 120, 0, 150, 250, 400, 600);
    private static final PhaseResult OPEN = new PhaseResult("open", 30, 48_000, 0, 0, 0, 100, 1600, 40, 80, 120.25, 300);
    private static final LedgerCheck OK = LedgerCheck.forTransfers(150_000, 150_000, 200_000_000, 200_000_000);

    private static BenchReport report(Optional<PhaseResult> open) {
        return report(Optional.of(CLOSED), open);
    }

    private static BenchReport report(Optional<PhaseResult> closed, Optional<PhaseResult> open) {
        return new BenchReport(4, LIMIT, Optional.of(LIMIT_AFTER), closed, open, List.of(new NodeUsage("node-1", 42, 0.45, 0.12, 180.5, 12, 95.5)), 0.3, OK,
                "transfer", 200, "1.00 2.00 3.00");
    }

    @Test
    void theLimitIsVerifyRateTimesCoresOverReplicas() {
        assertEquals(8_000, LIMIT.limitTxPerSecond(), 1e-9);
        assertEquals(0.4, LIMIT.ratioOf(3_200), 1e-9);
        assertEquals(4_666.67, new MachineLimit(16_333.33, 2, 7).limitTxPerSecond(), 0.01);
    }

    @Test
    void theJsonLineStartsWithTheDocumentedKeysInOrder() throws Exception {
        String line = report(Optional.of(OPEN)).jsonLine();
        assertFalse(line.contains("\n"));
        JsonNode json = new ObjectMapper().readTree(line);
        Iterator<String> names = json.fieldNames();
        for (String expected : List.of("replicas", "committed_tx_per_s", "p50_ms", "p99_ms", "verify_per_s_per_core", "limit_tx_per_s",
                "ratio_to_limit", "cpu_cores")) {
            assertEquals(expected, names.next());
        }
        assertEquals(4, json.get("replicas").asInt());
        assertEquals(3200.0, json.get("committed_tx_per_s").asDouble());
        assertEquals(40.0, json.get("p50_ms").asDouble());
        assertEquals(120.3, json.get("p99_ms").asDouble());
        assertEquals(8000.0, json.get("limit_tx_per_s").asDouble());
        assertEquals(0.4, json.get("ratio_to_limit").asDouble());
        assertEquals(2, json.get("cpu_cores").asInt());
        assertEquals("open_loop", json.get("latency_from").asText());
        assertEquals("node-1", json.get("nodes").get(0).get("node").asText());
        assertEquals(180.5, json.get("nodes").get(0).get("heap_used_mib").asDouble());
        assertEquals(0.12, json.get("nodes").get(0).get("jit_cpu_cores").asDouble());
        assertEquals("ok", json.get("ledger_check").asText());
        assertEquals(800.0, json.get("closed_loop_tx_per_block").asDouble());
        assertEquals(12800.0, json.get("verify_per_s_per_core_after").asDouble());
        assertEquals(0.5, json.get("ratio_to_limit_after").asDouble());
    }

    @Test
    void withoutAnOpenLoopTheLatenciesComeFromTheClosedLoopAndSaySo() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report(Optional.empty()).jsonLine());
        assertEquals(400.0, json.get("p99_ms").asDouble());
        assertEquals("closed_loop", json.get("latency_from").asText());
    }

    @Test
    void theTableShowsBothPhasesTheRatioAndTheCheck() {
        String table = report(Optional.of(OPEN)).table();
        assertTrue(table.contains("closed") && table.contains("open"), table);
        assertTrue(table.contains("40.0% of it"), table);
        assertTrue(table.contains("limit measured again after the load: 12800 verify/s/core = 6400 tx/s; 50.0% of that"), table);
        assertTrue(table.contains("ledger check: ok"), table);
    }

    @Test
    void anOpenLoopOnlyRunTakesItsThroughputFromTheOpenLoopAndSaysSo() throws Exception {
        JsonNode json = new ObjectMapper().readTree(report(Optional.empty(), Optional.of(OPEN)).jsonLine());
        assertEquals(1600.0, json.get("committed_tx_per_s").asDouble());
        assertEquals(0.2, json.get("ratio_to_limit").asDouble());
        assertEquals("open_loop", json.get("throughput_from").asText());
        assertFalse(json.has("closed_loop_p99_ms"));
        String table = report(Optional.empty(), Optional.of(OPEN)).table();
        assertTrue(table.contains("open loop reached 20.0% of it"), table);
        assertFalse(table.contains("closed "), table);
    }
}
