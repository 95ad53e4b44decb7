package io.yantar.bench.load;

/**
 * What one load phase measured. Latencies are from the intended send time (open loop) or the
 * actual send time (closed loop) to the commit event; {@code lost} counts payments of the phase
 * still uncommitted when the drain ended (recorded in the latencies at the drain's end); {@code blocks}
 * counts the blocks committed in the phase's window.
 */
public record PhaseResult(
        String name,
        double seconds,
        long committed,
        long failedAtExecution,
        long refused,
        long lost,
        long blocks,
        double offeredTxPerSecond,
        double p50Ms,
        double p90Ms,
        double p99Ms,
        double maxMs) {

    /** Committed payments per block seen in the phase (0 when no block was counted). */
    public double transactionsPerBlock() {
        return blocks <= 0 ? 0 : (double) committed / blocks;
    }

    public double committedTxPerSecond() {
        return seconds <= 0 ? 0 : committed / seconds;
    }
}
