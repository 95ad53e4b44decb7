package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NodeProcessesTest {
    @Test
    void jstatGcColumnsGiveHeapInUseAndCollections() {
        String output = """
                 S0C    S1C    S0U    S1U      EC       EU        OC         OU       MC     MU    CCSC   CCSU   YGC     YGCT    FGC    FGCT     CGC    CGCT     GCT
                4352.0 4352.0  0.0   1024.0  34944.0  10240.0   87424.0    40960.0  70000.0 68000.0 9000.0 8500.0     12    0.250   1      0.150     -          -    0.400
                """;
        double[] values = NodeProcesses.parseJstatGc(output).orElseThrow();
        assertEquals(51.0, values[0], 1e-9);
        assertEquals(13, (long) values[1]);
        assertEquals(400.0, values[2], 1e-9);
    }

    @Test
    void unreadableOutputGivesNothing() {
        assertTrue(NodeProcesses.parseJstatGc("12345 not found").isEmpty());
    }

    @Test
    void thisProcessUsesSomeCpu() {
        assertTrue(NodeProcesses.cpuSeconds(ProcessHandle.current().pid()) > 0);
    }

    @Test
    void theJitCompilersTimeIsPartOfTheProcesss() {
        long self = ProcessHandle.current().pid();
        double jit = NodeProcesses.jitCpuSeconds(self);
        assertTrue(jit >= 0 && jit <= NodeProcesses.cpuSeconds(self), "JIT " + jit + " s");
    }

    @Test
    void aThreadsStatLineGivesUserPlusSystemTimeWhateverItsName() {
        String stat = "4242 (C2 CompilerThre) S 1 2 3 0 -1 4194368 0 0 0 0 1234 56 0 0 20 0 1 0 100 0 0";
        assertEquals(12.90, NodeProcesses.cpuSecondsOf(stat), 1e-9);
        assertEquals(12.90, NodeProcesses.cpuSecondsOf(stat.replace("C2 CompilerThre", "a) b (c")), 1e-9);
    }
}
