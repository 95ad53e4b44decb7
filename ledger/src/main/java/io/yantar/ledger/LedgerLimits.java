package io.yantar.ledger;

/**
 * Every limit the ledger enforces ({@code proposalLifetimeHeights}: heights after which a
 * governance proposal that did not reach the threshold lapses, so stale proposals cannot fill
 * the pending limit for ever; {@code proofHeadersMax}: hash-linked headers a verifier accepts
 * between a block and the checkpoint that certifies it). Replicas must agree on them (they decide validity), so
 * a network changes them together; {@link #DEFAULTS} are the values of the specification.
 */
public record LedgerLimits(
        int transactionBytesMax,
        int disbursementBytesMax,
        int memoBytesMax,
        int disbursementLinesMax,
        int programIdBytesMax,
        int budgetLineBytesMax,
        int governanceTextBytesMax,
        int pendingProposalsMax,
        long proposalLifetimeHeights,
        int proofHeadersMax) {

    public static final LedgerLimits DEFAULTS = new LedgerLimits(
            64 * 1024, 1024 * 1024, 256, 10_000, 64, 128, 256, 64, 100_000, 10_000);

    public LedgerLimits {
        require(transactionBytesMax > 0, "transactionBytesMax must be positive");
        require(disbursementBytesMax >= transactionBytesMax, "disbursementBytesMax must be at least transactionBytesMax");
        require(memoBytesMax >= 0, "memoBytesMax must not be negative");
        require(disbursementLinesMax > 0, "disbursementLinesMax must be positive");
        require(programIdBytesMax > 0, "programIdBytesMax must be positive");
        require(budgetLineBytesMax > 0, "budgetLineBytesMax must be positive");
        require(governanceTextBytesMax > 0, "governanceTextBytesMax must be positive");
        require(pendingProposalsMax > 0, "pendingProposalsMax must be positive");
        require(proposalLifetimeHeights > 0, "proposalLifetimeHeights must be positive");
        require(proofHeadersMax >= 0, "proofHeadersMax must not be negative");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
