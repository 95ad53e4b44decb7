package io.yantar.bench.load;

/**
 * The end-of-run cross-check between what the benchmark counted as committed (from the commit
 * events) and what the ledger holds: every committed payment, successful or refused at
 * execution, uses one nonce of its sender, and transfers between bench accounts keep their
 * total balance.
 *
 * @param committedSeen   bench payments seen committed in the event stream, but those refused for their nonce (which uses none)
 * @param noncesUsed      sum over bench senders of (ledger nonce now - nonce before the run)
 * @param balanceKopecks  sum of the bench accounts' balances now (transfers only)
 * @param fundedKopecks   what the bench accounts were funded with (transfers only)
 */
public record LedgerCheck(long committedSeen, long noncesUsed, long balanceKopecks, long fundedKopecks, boolean balancesChecked) {

    public static LedgerCheck forTransfers(long committedSeen, long noncesUsed, long balanceKopecks, long fundedKopecks) {
        return new LedgerCheck(committedSeen, noncesUsed, balanceKopecks, fundedKopecks, true);
    }

    /** Disbursements take money out of the treasury, so only the nonces are compared. */
    public static LedgerCheck forDisbursements(long committedSeen, long noncesUsed) {
        return new LedgerCheck(committedSeen, noncesUsed, 0, 0, false);
    }

    public boolean countsMatch() {
        return committedSeen == noncesUsed;
    }

    public boolean balancesMatch() {
        return !balancesChecked || balanceKopecks == fundedKopecks;
    }

    public boolean passed() {
        return countsMatch() && balancesMatch();
    }

    /** One line for the report: "ok" or what differs. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        text.append(countsMatch() ? "ok: " : "MISMATCH: ")
                .append(committedSeen).append(" committed seen, ").append(noncesUsed).append(" nonces used in the ledger");
        if (balancesChecked) {
            text.append(balancesMatch() ? "; balances ok (" : "; BALANCE MISMATCH (")
                    .append(balanceKopecks).append(" kopecks held, ").append(fundedKopecks).append(" funded)");
        }
        return text.toString();
    }
}
