package io.yantar.bench.load;

/**
 * One node process over the measured closed-loop phase: CPU in cores (1.0 = one core busy
 * all the time), the part of it spent by the JIT compiler (high while the node is still warming
 * up: a throughput measured then is not the steady state's), heap in use at the end, garbage
 * collections during the phase.
 */
public record NodeUsage(String nodeId, long pid, double cpuCores, double jitCpuCores, double heapUsedMib, long gcCount, double gcMillis) {
}
