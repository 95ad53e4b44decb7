package io.yantar.bench.load;

import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import java.io.IOException;
import java.net.URI;
import java.util.List;

/**
 * Funds the bench accounts the way the consortium funds citizens: the treasury issues the
 * total against a budget line, then pays it out in DISBURSE transactions of at most the
 * ledger's line limit, each waited for until committed.
 */
final class Funding {
    static final String BUDGET_LINE = "bench/funding";
    private static final int LINES_MAX = LedgerLimits.DEFAULTS.disbursementLinesMax();

    private Funding() {
    }

    /** How many treasury transactions funding takes (one issue and the disbursements). */
    static int transactionCount(int accounts) {
        return 1 + (accounts + LINES_MAX - 1) / LINES_MAX;
    }

    /** Returns the treasury's next nonce after funding. */
    static long fund(NodeApi api, URI node, PaymentSigner signer, SigningKey treasury, long treasuryNonce, BenchAccounts accounts,
                     long kopecksEach) throws IOException, InterruptedException {
        long nonce = treasuryNonce;
        api.submitAndAwaitCommit(node, signer.issue(treasury, nonce++, kopecksEach * accounts.size(), BUDGET_LINE));
        List<Address> all = accounts.addresses();
        for (int from = 0; from < all.size(); from += LINES_MAX) {
            List<Address> chunk = all.subList(from, Math.min(all.size(), from + LINES_MAX));
            api.submitAndAwaitCommit(node, signer.disburse(treasury, nonce, "bench-funding-" + nonce, chunk, kopecksEach, 0));
            nonce++;
        }
        return nonce;
    }
}
