package io.yantar.bench.load;

/**
 * The physical ceiling of a run: every replica verifies every client signature, so replicas
 * sharing {@code cpuCores} cores commit at most verify/s/core x cores / replicas payments per
 * second (signature verification alone, everything else free).
 */
public record MachineLimit(double verifyPerSecondPerCore, int cpuCores, int replicas) {
    public MachineLimit {
        if (!(verifyPerSecondPerCore > 0) || cpuCores < 1 || replicas < 1) {
            throw new IllegalArgumentException("a machine limit needs a positive verify rate, cores and replicas (was "
                    + verifyPerSecondPerCore + ", " + cpuCores + ", " + replicas + ")");
        }
    }

    public double limitTxPerSecond() {
        return verifyPerSecondPerCore * cpuCores / replicas;
    }

    /** The share of the ceiling a measured throughput reaches (0.4 = 40 %). */
    public double ratioOf(double committedTxPerSecond) {
        return committedTxPerSecond / limitTxPerSecond();
    }
}
