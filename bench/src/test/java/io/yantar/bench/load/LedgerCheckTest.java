package io.yantar.bench.load;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LedgerCheckTest {
    @Test
    void equalCountsAndKeptBalancesPass() {
        LedgerCheck check = LedgerCheck.forTransfers(7491, 7491, 200_000_000, 200_000_000);
        assertTrue(check.passed());
        assertTrue(check.summary().startsWith("ok"));
    }

    @Test
    void aCommitTheBenchDidNotSeeIsAMismatch() {
        LedgerCheck check = LedgerCheck.forTransfers(7490, 7491, 200_000_000, 200_000_000);
        assertFalse(check.passed());
        assertTrue(check.summary().startsWith("MISMATCH"), check.summary());
    }

    @Test
    void moneyLeavingTheBenchAccountsIsAMismatch() {
        LedgerCheck check = LedgerCheck.forTransfers(10, 10, 199_999_999, 200_000_000);
        assertFalse(check.passed());
        assertTrue(check.summary().contains("BALANCE MISMATCH"), check.summary());
    }

    @Test
    void disbursementsCompareOnlyNonces() {
        assertTrue(LedgerCheck.forDisbursements(12, 12).passed());
        assertFalse(LedgerCheck.forDisbursements(12, 13).passed());
    }
}
