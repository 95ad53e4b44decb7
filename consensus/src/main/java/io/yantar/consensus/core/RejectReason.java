package io.yantar.consensus.core;

/** Why a peer message or request was dropped. Counted per reason for the node's metrics. */
public enum RejectReason {
    UNKNOWN_SIGNER,
    BAD_SIGNATURE,
    WRONG_EPOCH,
    STALE_EPOCH,
    STALE_VIEW,
    FUTURE_BUFFER_FULL,
    NOT_PRIMARY,
    OUTSIDE_WATERMARKS,
    DIGEST_MISMATCH,
    PROPOSAL_MISMATCH,
    INVALID_REQUEST,
    DUPLICATE_REQUEST,
    EQUIVOCATION,
    BAD_TIMESTAMP,
    BATCH_TOO_LARGE,
    BAD_CERTIFICATE,
    BAD_VIEW_CHANGE,
    BAD_NEW_VIEW,
    PENDING_FULL,
    PAYLOAD_TOO_LARGE,
    UNEXPECTED
}
