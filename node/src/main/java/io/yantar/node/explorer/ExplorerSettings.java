package io.yantar.node.explorer;

import com.typesafe.config.Config;

/**
 * Limits of the explorer's in-memory index ({@code yantar.explorer.*}; defaults here so a
 * node configured before the explorer existed still starts).
 *
 * @param historyEntriesPerAccountMax most recent transactions kept per account for the account view
 * @param accountsMax accounts with a history; further accounts get none (their balance still shows)
 * @param runsPerProgramMax most recent runs kept per program for its chart (totals count every run)
 * @param pendingBlocksMax live blocks held while earlier heights are still being read from the store
 * @param catchUpWait how long a read of the index waits for it to reach the ledger's tip (the first one reads history)
 * @param catchUpWaitersMax reads waiting at once; further ones answer at once with what is indexed
 */
public record ExplorerSettings(int historyEntriesPerAccountMax, int accountsMax, int runsPerProgramMax, int pendingBlocksMax,
                               java.time.Duration catchUpWait, int catchUpWaitersMax) {
    public static final ExplorerSettings DEFAULTS = new ExplorerSettings(200, 1_000_000, 500, 10_000,
            java.time.Duration.ofSeconds(3), 100);

    public ExplorerSettings {
        if (historyEntriesPerAccountMax < 1 || accountsMax < 1 || runsPerProgramMax < 1 || pendingBlocksMax < 1 || catchUpWaitersMax < 1) {
            throw new IllegalArgumentException("yantar.explorer limits must be at least 1");
        }
        if (catchUpWait.isNegative()) {
            throw new IllegalArgumentException("yantar.explorer.catch-up-wait must not be negative");
        }
    }

    static ExplorerSettings from(Config config) {
        return new ExplorerSettings(
                intOr(config, "yantar.explorer.history-entries-per-account-max", DEFAULTS.historyEntriesPerAccountMax()),
                intOr(config, "yantar.explorer.accounts-max", DEFAULTS.accountsMax()),
                intOr(config, "yantar.explorer.runs-per-program-max", DEFAULTS.runsPerProgramMax()),
                intOr(config, "yantar.explorer.pending-blocks-max", DEFAULTS.pendingBlocksMax()),
                config.hasPath("yantar.explorer.catch-up-wait") ? config.getDuration("yantar.explorer.catch-up-wait") : DEFAULTS.catchUpWait(),
                intOr(config, "yantar.explorer.catch-up-waiters-max", DEFAULTS.catchUpWaitersMax()));
    }

    private static int intOr(Config config, String path, int fallback) {
        return config.hasPath(path) ? config.getInt(path) : fallback;
    }
}
