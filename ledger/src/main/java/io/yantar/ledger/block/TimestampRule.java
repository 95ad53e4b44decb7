package io.yantar.ledger.block;

import java.util.Optional;

/**
 * The proposer's timestamp must not go backwards and must lie within a bound of the
 * replica's own clock. The ledger reads no clock: the node passes its reading in and checks
 * this before accepting a proposal; execution itself takes the agreed timestamp as given.
 */
public record TimestampRule(long clockSkewMillisMax) {

    public TimestampRule {
        if (clockSkewMillisMax < 0) {
            throw new IllegalArgumentException("clockSkewMillisMax must not be negative");
        }
    }

    /** Empty when acceptable, else why not. */
    public Optional<String> check(long previousTimestampMillis, long proposedTimestampMillis, long replicaClockMillis) {
        if (proposedTimestampMillis < previousTimestampMillis) {
            return Optional.of("the timestamp " + proposedTimestampMillis + " is before the previous block's "
                    + previousTimestampMillis);
        }
        if (!withinSkew(proposedTimestampMillis, replicaClockMillis)) {
            return Optional.of("the timestamp " + proposedTimestampMillis + " is more than " + clockSkewMillisMax
                    + " ms from this replica's clock " + replicaClockMillis);
        }
        return Optional.empty();
    }

    private boolean withinSkew(long proposedMillis, long clockMillis) {
        long lowest = clockMillis - clockSkewMillisMax;
        long highest = clockMillis + clockSkewMillisMax;
        // Saturate rather than wrap when the clock reading is near the ends of long.
        if (lowest > clockMillis) {
            lowest = Long.MIN_VALUE;
        }
        if (highest < clockMillis) {
            highest = Long.MAX_VALUE;
        }
        return proposedMillis >= lowest && proposedMillis <= highest;
    }
}
