package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignatureCheckCpuTest {

    @Test
    void saysTheCpuPerCheckAndTheShareOfTheNodesCpu() {
        assertEquals("0.102 ms of CPU each", SignatureCheckCpu.perCheck(5_712_000, 56_000));
        assertEquals("signature checks took 5.3 % of the node's CPU since it started", SignatureCheckCpu.share(5_300_000, 100.0));
    }

    @Test
    void saysWhenANodeDidNotMeasure() {
        assertEquals("CPU not measured", SignatureCheckCpu.perCheck(0, 56_000));
        assertEquals("CPU not measured", SignatureCheckCpu.perCheck(10, 0));
        assertEquals("signature checks' share of the node's CPU not measured", SignatureCheckCpu.share(5_300_000, Double.NaN));
        assertEquals("signature checks' share of the node's CPU not measured", SignatureCheckCpu.share(0, 100.0));
    }
}
