package io.yantar.consensus.core;

/**
 * Every limit of the core, validated once at construction. Units are last in the names.
 *
 * @param chainId                    bound into every signed message by the wire layer
 * @param checkpointInterval         K: a CHECKPOINT every K heights
 * @param watermarkWindow            L: heights in flight are within (stable, stable + L]
 * @param maxBatchTxs                the primary cuts a block at this many requests...
 * @param maxBatchBytes              ...or this many payload bytes...
 * @param batchDelayMillis           ...or this long after the first waiting request
 * @param maxProposalsInFlight       ...but only while fewer of its proposals than this await delivery: meanwhile
 *                                   requests gather into the next block (PBFT's sliding window of batching)
 * @param requestTimeoutMillis       a backup suspects the primary when a known request waits this long
 * @param viewChangeTimeoutMillis    first wait for NEW-VIEW once 2f+1 VIEW-CHANGEs are in; doubles per failed view
 * @param viewChangeTimeoutMaxMillis cap of that backoff
 * @param retransmitIntervalMillis   how often unfinished work is re-sent (lossy links)
 * @param maxClockSkewMillis         a new proposal's timestamp must be within this of the local clock
 * @param stallThresholdMillis       a tick arriving this much later than the deadline it was due at means the replica
 *                                   itself was not running (a GC pause, CPU starvation, a stopped process): that time
 *                                   is not counted on its suspicion timers; 0 counts every late tick as time it ran
 * @param maxPendingRequests         requests waiting to be ordered; more are rejected
 * @param maxPayloadBytes            largest accepted request payload
 * @param maxFutureMessages          messages for views ahead of ours kept until we get there
 * @param maxViewsPerHeight          distinct views whose votes are tallied for one height
 * @param mutation                   {@link ProtocolMutation#NONE} outside checker tests
 */
public record Config(
        String chainId,
        int checkpointInterval,
        int watermarkWindow,
        int maxBatchTxs,
        int maxBatchBytes,
        long batchDelayMillis,
        int maxProposalsInFlight,
        long requestTimeoutMillis,
        long viewChangeTimeoutMillis,
        long viewChangeTimeoutMaxMillis,
        long retransmitIntervalMillis,
        long maxClockSkewMillis,
        long stallThresholdMillis,
        int maxPendingRequests,
        int maxPayloadBytes,
        int maxFutureMessages,
        int maxViewsPerHeight,
        ProtocolMutation mutation) {

    public Config {
        require(chainId != null && !chainId.isBlank(), "chainId must be set");
        require(checkpointInterval >= 1, "checkpointInterval must be at least 1");
        require(watermarkWindow >= 2 * checkpointInterval,
                "watermarkWindow must be at least twice checkpointInterval, or the window stalls before a checkpoint is stable");
        require(maxBatchTxs >= 1, "maxBatchTxs must be at least 1");
        require(maxPayloadBytes >= 1, "maxPayloadBytes must be at least 1");
        require(maxBatchBytes >= maxPayloadBytes, "maxBatchBytes must hold at least one maximal payload");
        require(batchDelayMillis >= 0, "batchDelayMillis must be non-negative");
        require(maxProposalsInFlight >= 1, "maxProposalsInFlight must be at least 1");
        require(requestTimeoutMillis > 0, "requestTimeoutMillis must be positive");
        require(viewChangeTimeoutMillis > 0, "viewChangeTimeoutMillis must be positive");
        require(viewChangeTimeoutMaxMillis >= viewChangeTimeoutMillis, "viewChangeTimeoutMaxMillis must be >= viewChangeTimeoutMillis");
        require(retransmitIntervalMillis > 0, "retransmitIntervalMillis must be positive");
        require(maxClockSkewMillis >= 0, "maxClockSkewMillis must be non-negative");
        require(stallThresholdMillis >= 0, "stallThresholdMillis must be non-negative (0: off)");
        require(maxPendingRequests >= maxBatchTxs, "maxPendingRequests must hold at least one batch");
        require(maxFutureMessages >= 0, "maxFutureMessages must be non-negative");
        require(maxViewsPerHeight >= 2, "maxViewsPerHeight must be at least 2");
        require(mutation != null, "mutation must be set (NONE in production)");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Defaults suited to a LAN consortium; the node overrides them from HOCON. */
    public static Config defaults(String chainId) {
        return new Config(chainId, 1, 64, 500, 4 << 20, 5, 2, 2_000, 2_000, 60_000, 500, 5_000, 500,
                100_000, 256 << 10, 10_000, 4, ProtocolMutation.NONE);
    }

    /** The floor of the progress timeout: a backup suspects the primary when a known request waits this long. */
    public Config withRequestTimeout(long millis) {
        return new Config(chainId, checkpointInterval, watermarkWindow, maxBatchTxs, maxBatchBytes, batchDelayMillis, maxProposalsInFlight,
                millis, viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, stallThresholdMillis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    public Config withCheckpointInterval(int k, int window) {
        return new Config(chainId, k, window, maxBatchTxs, maxBatchBytes, batchDelayMillis, maxProposalsInFlight, requestTimeoutMillis,
                viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, stallThresholdMillis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    public Config withBatch(int txs, long delayMillis) {
        return new Config(chainId, checkpointInterval, watermarkWindow, txs, maxBatchBytes, delayMillis, maxProposalsInFlight, requestTimeoutMillis,
                viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, stallThresholdMillis,
                Math.max(maxPendingRequests, txs), maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    public Config withProposalsInFlight(int max) {
        return new Config(chainId, checkpointInterval, watermarkWindow, maxBatchTxs, maxBatchBytes, batchDelayMillis, max, requestTimeoutMillis,
                viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, stallThresholdMillis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    public Config withTimeouts(long requestMillis, long viewChangeMillis, long viewChangeMaxMillis, long retransmitMillis) {
        return new Config(chainId, checkpointInterval, watermarkWindow, maxBatchTxs, maxBatchBytes, batchDelayMillis, maxProposalsInFlight, requestMillis,
                viewChangeMillis, viewChangeMaxMillis, retransmitMillis, maxClockSkewMillis, stallThresholdMillis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    /** 0 turns stall detection off: every late tick then counts as time the replica ran (scenario tests jump time so). */
    public Config withStallThreshold(long millis) {
        return new Config(chainId, checkpointInterval, watermarkWindow, maxBatchTxs, maxBatchBytes, batchDelayMillis, maxProposalsInFlight, requestTimeoutMillis,
                viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, millis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, mutation);
    }

    public Config withMutation(ProtocolMutation newMutation) {
        return new Config(chainId, checkpointInterval, watermarkWindow, maxBatchTxs, maxBatchBytes, batchDelayMillis, maxProposalsInFlight, requestTimeoutMillis,
                viewChangeTimeoutMillis, viewChangeTimeoutMaxMillis, retransmitIntervalMillis, maxClockSkewMillis, stallThresholdMillis,
                maxPendingRequests, maxPayloadBytes, maxFutureMessages, maxViewsPerHeight, newMutation);
    }

    /** Matching votes needed for prepared / committed / stable: 2f + 1, unless a test mutates it. */
    public int quorum(ValidatorSet validators) {
        return mutation == ProtocolMutation.QUORUM_TWO_F ? Math.max(1, 2 * validators.maxFaulty()) : validators.quorum();
    }
}
