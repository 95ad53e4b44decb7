package io.yantar.consensus.core;

import java.util.List;

/**
 * The effects of one step, in the order the caller must apply them: (1) make {@code persist}
 * durable, in order; (2) only then send {@code send}; (3) hand {@code committed} to the
 * application in order, then report {@link Input.Executed}; (4) record {@code stableCheckpoints};
 * (5) start the state transfers in {@code fetches}. {@code nextDeadlineMillis} says when the
 * next {@link Input.Tick} is due at the latest ({@link Long#MAX_VALUE}: no timer running).
 */
public record Outputs(List<DurableRecord> persist, List<Outbound> send, List<CommittedBlock> committed,
                      List<CheckpointCertificate> stableCheckpoints, List<StateFetch> fetches, List<RejectReason> rejected,
                      long nextDeadlineMillis) {

    public boolean isEmpty() {
        return persist.isEmpty() && send.isEmpty() && committed.isEmpty() && stableCheckpoints.isEmpty() && fetches.isEmpty()
                && rejected.isEmpty();
    }
}
