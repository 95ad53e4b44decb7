package io.yantar.bench.load;

import java.util.Locale;

/** How a node's signature checks read in the bench's output: CPU per check, and their share of the node's CPU. */
final class SignatureCheckCpu {
    private SignatureCheckCpu() {
    }

    /** "0.102 ms of CPU each", or "CPU not measured" when the node exported no CPU time for them. */
    static String perCheck(long cpuMicros, long checks) {
        if (checks <= 0 || cpuMicros <= 0) {
            return "CPU not measured";
        }
        return String.format(Locale.ROOT, "%.3f ms of CPU each", cpuMicros / 1000.0 / checks);
    }

    /** "signature checks took 5.3 % of the node's CPU since it started", or why it cannot be said. */
    static String share(long cpuMicros, double processCpuSeconds) {
        if (!(processCpuSeconds > 0) || cpuMicros <= 0) {
            return "signature checks' share of the node's CPU not measured";
        }
        return String.format(Locale.ROOT, "signature checks took %.1f %% of the node's CPU since it started",
                100.0 * cpuMicros / 1e6 / processCpuSeconds);
    }
}
