package io.yantar.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class PrometheusTextFormatTest {

    @Test
    void writesCountersGaugesAndHistogramsInTheTextFormat() {
        MetricsRegistry registry = new MetricsRegistry();
        Counter rejected = registry.counter("yantar_tx_rejected_total", "Rejected transactions by reason.", "reason");
        rejected.increment("bad-signature");
        rejected.add(2, "nonce-replayed");
        rejected.increment("bad-signature");
        AtomicLong height = new AtomicLong(42);
        registry.gauge("yantar_height", "Committed height.", height::get);
        Histogram latency = registry.histogram("yantar_commit_seconds", "Commit latency.", 0.01, 0.1, 1);
        latency.observe(0.005);
        latency.observe(0.05);
        latency.observe(3);

        String expected = """
                # HELP yantar_commit_seconds Commit latency.
                # TYPE yantar_commit_seconds histogram
                yantar_commit_seconds_bucket{le="0.01"} 1
                yantar_commit_seconds_bucket{le="0.1"} 2
                yantar_commit_seconds_bucket{le="1"} 2
                yantar_commit_seconds_bucket{le="+Inf"} 3
                yantar_commit_seconds_sum 3.055
                yantar_commit_seconds_count 3
                # HELP yantar_height Committed height.
                # TYPE yantar_height gauge
                yantar_height 42
                # HELP yantar_tx_rejected_total Rejected transactions by reason.
                # TYPE yantar_tx_rejected_total counter
                yantar_tx_rejected_total{reason="bad-signature"} 2
                yantar_tx_rejected_total{reason="nonce-replayed"} 2
                """;
        assertEquals(expected, PrometheusTextFormat.write(registry));
    }

    @Test
    void escapesLabelValuesAndHelpText() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.counter("c_total", "line one\nline two", "l").increment("quote \" and \\ slash");
        assertEquals("""
                # HELP c_total line one\\nline two
                # TYPE c_total counter
                c_total{l="quote \\" and \\\\ slash"} 1
                """, PrometheusTextFormat.write(registry));
    }

    @Test
    void registrationIsIdempotentByNameAndRefusesAKindChange() {
        MetricsRegistry registry = new MetricsRegistry();
        Counter first = registry.counter("x_total", "x");
        assertSame(first, registry.counter("x_total", "x"));
        assertThrows(IllegalStateException.class, () -> registry.gauge("x_total", "x", () -> 1));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("bad name", "x"));
    }

    @Test
    void countersRefuseToGoDownAndCheckTheirLabels() {
        Counter counter = new MetricsRegistry().counter("y_total", "y", "reason");
        assertThrows(IllegalArgumentException.class, () -> counter.add(-1, "a"));
        assertThrows(IllegalArgumentException.class, () -> counter.increment());
        counter.increment("a");
        assertEquals(1, counter.value("a"));
        assertEquals(0, counter.value("b"));
    }

    @Test
    void aFunctionCounterIsReadAtScrapeTimeAndTypedAsACounter() {
        MetricsRegistry registry = new MetricsRegistry();
        AtomicLong cpuMillis = new AtomicLong(1_500);
        registry.functionCounter("process_cpu_seconds_total", "CPU time.", () -> cpuMillis.get() / 1000.0);
        cpuMillis.set(2_250);
        assertEquals("""
                # HELP process_cpu_seconds_total CPU time.
                # TYPE process_cpu_seconds_total counter
                process_cpu_seconds_total 2.25
                """, PrometheusTextFormat.write(registry));
        assertThrows(IllegalStateException.class, () -> registry.counter("process_cpu_seconds_total", "CPU time."));
    }
}
