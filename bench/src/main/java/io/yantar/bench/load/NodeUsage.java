package io.yantar.bench.load;

/**
 * One node process over the measured closed-loop phase: CPU in cores (1.0 = one core busy
 * all the time), heap in use at the end, garbage collections during the phase.
 */
public record NodeUsage(String nodeId, long pid, double cpuCores, double heapUsedMib, long gcCount, double gcMillis) {
}
