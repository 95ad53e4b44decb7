package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;

/**
 * What must be on disk before the messages of the same {@link Outputs} leave. Replayed through
 * {@link Replica#restore} after a crash, so a replica never signs two different things for one
 * (view, height). Mirrors {@code ReplicaRecord} in storage.proto.
 */
public sealed interface DurableRecord {
    /** The replica entered {@code view} in normal operation (NEW-VIEW accepted or sent). */
    record ViewEntered(long view) implements DurableRecord {
    }

    /** A message this replica signed; a VIEW-CHANGE among them means it left the view before. */
    record OwnMessage(Signed message) implements DurableRecord {
    }

    /** A PRE-PREPARE this replica accepted, with its proposal. */
    record AcceptedPrePrepare(Signed prePrepare, Proposal proposal) implements DurableRecord {
    }

    /** A peer's message this replica relies on: prepares of its prepared certificates, checkpoint proofs. */
    record PeerMessage(Signed message) implements DurableRecord {
    }

    /** The checkpoint at {@code height} is stable (its proof was persisted as PeerMessages before). */
    record StableCheckpoint(long height) implements DurableRecord {
    }

    /**
     * The replica switched to {@code validators} at the stable checkpoint {@code boundary} of the
     * previous epoch's last height (null when it jumped there on a proven checkpoint of the new epoch).
     * Written before any message of the new epoch leaves; records before it belong to older epochs.
     */
    record EpochEntered(ValidatorSet validators, CheckpointCertificate boundary) implements DurableRecord {
    }
}
