package io.yantar.bench.load;

/**
 * What one load phase measured. Latencies are from the intended send time (open loop) or the
 * actual send time (closed loop) to the commit event; {@code lost} counts payments of the phase
 * still uncommitted when the drain ended (recorded in the latencies at the drain's end).
 */
public record PhaseResult(
        String name,
        double seconds,
        long committed,
        long failedAtExecution,
        long refused,
        long lost,
        double offeredTxPerSecond,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double maxMs) {

    public double committedTxPerSecond() {
        return seconds <= 0 ? 0 : committed / seconds;
    }
}
