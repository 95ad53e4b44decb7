package io.yantar.bench.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a run: the human table and the one JSON line that ends the output. Throughput
 * comes from the closed loop; p50/p99 from the open loop when it ran (no coordinated omission),
 * otherwise from the closed loop, which the JSON says in {@code latency_from}. The limit is the
 * one measured before the load; {@code limitAfter}, measured again once the load has stopped,
 * shows whether the first reading was off (a warm-up too short for the JIT read a quarter low).
 */
public record BenchReport(
        int replicas,
        MachineLimit limit,
        Optional<MachineLimit> limitAfter,
        Optional<PhaseResult> closedLoop,
        Optional<PhaseResult> openLoop,
        List<NodeUsage> nodes,
        double benchCpuCores,
        LedgerCheck check,
        String payload,
        int batch,
        String loadAverage) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public BenchReport {
        nodes = List.copyOf(nodes);
        if (closedLoop.isEmpty() && openLoop.isEmpty()) {
            throw new IllegalArgumentException("a run has a closed loop, an open loop or both");
        }
    }

    PhaseResult latencySource() {
        return openLoop.orElseGet(closedLoop::orElseThrow);
    }

    /** The closed loop (the maximum) when it ran; with --open-loop-only, what the open loop committed. */
    PhaseResult throughputSource() {
        return closedLoop.orElseGet(openLoop::orElseThrow);
    }

    public double ratioToLimit() {
        return limit.ratioOf(throughputSource().committedTxPerSecond());
    }

    /** The same throughput against the limit measured after the load, when it was. */
    Optional<Double> ratioToLimitAfter() {
        return limitAfter.map(after -> after.ratioOf(throughputSource().committedTxPerSecond()));
    }

    /** Exactly one line, keys in the documented order first. */
    public String jsonLine() {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("replicas", replicas);
        line.put("committed_tx_per_s", round(throughputSource().committedTxPerSecond(), 1));
        line.put("p50_ms", round(latencySource().p50Ms(), 1));
        line.put("p99_ms", round(latencySource().p99Ms(), 1));
        line.put("verify_per_s_per_core", round(limit.verifyPerSecondPerCore(), 0));
        line.put("limit_tx_per_s", round(limit.limitTxPerSecond(), 0));
        line.put("ratio_to_limit", round(ratioToLimit(), 3));
        line.put("cpu_cores", limit.cpuCores());
        limitAfter.ifPresent(after -> {
            line.put("verify_per_s_per_core_after", round(after.verifyPerSecondPerCore(), 0));
            line.put("ratio_to_limit_after", round(ratioToLimitAfter().orElseThrow(), 3));
        });
        line.put("latency_from", openLoop.isPresent() ? "open_loop" : "closed_loop");
        openLoop.ifPresent(open -> line.put("open_loop_tx_per_s", round(open.offeredTxPerSecond(), 1)));
        line.put("throughput_from", closedLoop.isPresent() ? "closed_loop" : "open_loop");
        closedLoop.ifPresent(closed -> {
            line.put("closed_loop_p99_ms", round(closed.p99Ms(), 1));
            line.put("closed_loop_tx_per_block", round(closed.transactionsPerBlock(), 1));
        });
        line.put("payload", payload);
        line.put("batch", batch);
        line.put("ledger_check", check.passed() ? "ok" : "mismatch");
        line.put("bench_cpu_cores", round(benchCpuCores, 2));
        List<Map<String, Object>> nodeLines = new ArrayList<>();
        for (NodeUsage node : nodes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("node", node.nodeId());
            entry.put("cpu_cores", round(node.cpuCores(), 2));
            entry.put("jit_cpu_cores", round(node.jitCpuCores(), 2));
            entry.put("heap_used_mib", round(node.heapUsedMib(), 1));
            entry.put("gc_count", node.gcCount());
            entry.put("gc_ms", round(node.gcMillis(), 1));
            nodeLines.add(entry);
        }
        line.put("nodes", nodeLines);
        try {
            return JSON.writeValueAsString(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the report of plain numbers and strings could not be written as JSON", e);
        }
    }

    /** The table for people, printed before the JSON line. */
    public String table() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-12s %8s %10s %9s %8s %8s %6s %10s %9s %9s %9s %9s%n",
                "phase", "seconds", "committed", "tx/s", "tx/block", "failed", "lost", "offered/s", "p50 ms", "p90 ms", "p99 ms", "max ms"));
        List<PhaseResult> phases = new ArrayList<>();
        closedLoop.ifPresent(phases::add);
        openLoop.ifPresent(phases::add);
        for (PhaseResult phase : phases) {
            out.append(String.format(Locale.ROOT, "%-12s %8.1f %10d %9.1f %8.1f %8d %6d %10s %9.1f %9.1f %9.1f %9.1f%n",
                    phase.name(), phase.seconds(), phase.committed(), phase.committedTxPerSecond(), phase.transactionsPerBlock(),
                    phase.failedAtExecution() + phase.refused(),
                    phase.lost(), phase.offeredTxPerSecond() > 0 ? String.format(Locale.ROOT, "%.0f", phase.offeredTxPerSecond()) : "max",
                    phase.p50Ms(), phase.p90Ms(), phase.p99Ms(), phase.maxMs()));
        }
        out.append(String.format(Locale.ROOT, "%nlimit: %.0f verify/s/core x %d cores / %d replicas = %.0f tx/s; %s loop reached %.1f%% of it%n",
                limit.verifyPerSecondPerCore(), limit.cpuCores(), replicas, limit.limitTxPerSecond(),
                closedLoop.isPresent() ? "closed" : "open", 100 * ratioToLimit()));
        limitAfter.ifPresent(after -> out.append(String.format(Locale.ROOT,
                "limit measured again after the load: %.0f verify/s/core = %.0f tx/s; %.1f%% of that%n",
                after.verifyPerSecondPerCore(), after.limitTxPerSecond(), 100 * ratioToLimitAfter().orElseThrow())));
        out.append(String.format(Locale.ROOT, "%n%-8s %8s %9s %9s %11s %6s %8s%n", "node", "pid", "cpu cores", "of it JIT", "heap MiB", "GCs",
                "GC ms"));
        for (NodeUsage node : nodes) {
            out.append(String.format(Locale.ROOT, "%-8s %8d %9.2f %9.2f %11.1f %6d %8.1f%n",
                    node.nodeId(), node.pid(), node.cpuCores(), node.jitCpuCores(), node.heapUsedMib(), node.gcCount(), node.gcMillis()));
        }
        out.append(String.format(Locale.ROOT, "%-8s %8s %9.2f%n", "bench", "self", benchCpuCores));
        out.append("ledger check: ").append(check.summary()).append('\n');
        out.append("load average at start: ").append(loadAverage).append('\n');
        return out.toString();
    }

    private static double round(double value, int decimals) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return 0;
        }
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
