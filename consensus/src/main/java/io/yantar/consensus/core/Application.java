package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Proposal;

/**
 * What the core asks the application (the ledger in the node, a fake in the simulator). The core
 * never looks inside payloads. Execution itself happens outside the core, on committed blocks.
 */
public interface Application {
    /** Well-formed and correctly signed? Must not depend on ledger state; never throws. */
    RequestCheck check(Bytes payload);

    /** The digest replicas vote on; the application decides what it covers. */
    Bytes digest(Proposal proposal);

    /**
     * Whether a request with this key was already executed. The core uses it to refuse replays
     * and to prune waiting requests after state transfer. A request can still be committed twice
     * (a view change may re-propose it from an old prepared certificate), so execution must skip
     * an already executed key.
     */
    boolean alreadyExecuted(RequestKey key);

    /**
     * Whether the payload, read without checking it, names a request already executed: the core
     * then refuses it as a duplicate before {@link #check}, whose signature verification is the
     * costly part. Copies of executed payments keep arriving (forwarded late, re-forwarded by a
     * backup that had not seen the block yet). A payload that lies is harmless: one naming an
     * executed key could never execute anyway.
     */
    default boolean replaysExecutedRequest(Bytes payload) {
        return false;
    }
}
