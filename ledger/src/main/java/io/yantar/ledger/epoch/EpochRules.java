package io.yantar.ledger.epoch;

import io.yantar.proto.ConsensusParams;

/**
 * When an approved validator change takes effect. A change approved in block {@code h}
 * starts the next epoch at {@code ceil((h + L) / K) * K + 1}: after every height the old set
 * may already have in flight (the watermark window L), and just after a checkpoint height
 * (a multiple of the interval K), so the old epoch ends with a certified checkpoint.
 *
 * @param checkpointInterval K, at least 1
 * @param watermarkWindow L
 */
public record EpochRules(long checkpointInterval, long watermarkWindow) {
    public EpochRules {
        if (checkpointInterval < 1 || watermarkWindow < 0) {
            throw new IllegalArgumentException("the checkpoint interval must be at least 1 and the watermark window"
                    + " not negative: " + checkpointInterval + ", " + watermarkWindow);
        }
    }

    /** From the genesis; an unset interval is the node's default of 1 (every block is a checkpoint). */
    public static EpochRules of(ConsensusParams params) {
        return new EpochRules(Math.max(1, params.getCheckpointInterval()), params.getWatermarkWindow());
    }

    public long startHeightFor(long approvalHeight) {
        long reach = Math.addExact(approvalHeight, watermarkWindow);
        long boundaries = Math.floorDiv(Math.addExact(reach, checkpointInterval - 1), checkpointInterval);
        return Math.addExact(Math.multiplyExact(boundaries, checkpointInterval), 1);
    }
}
