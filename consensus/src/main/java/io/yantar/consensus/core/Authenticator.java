package io.yantar.consensus.core;

import io.yantar.consensus.core.message.ConsensusMessage;

/**
 * Signs this replica's messages and checks peers'. The signer of a message is its
 * {@link ConsensusMessage#replica()} field: a position in one epoch's validator set, so an
 * authenticator is bound to a set ({@link #forEpoch}). Implementations never throw on malformed input.
 */
public interface Authenticator {
    Bytes sign(ConsensusMessage message);

    boolean verify(ConsensusMessage message, Bytes signature);

    /**
     * The same keys, by member id, over {@code validators}' positions: signers are positions in that
     * set, and this node signs as its position there (an authenticator of a set this node is not in
     * signs nothing). A member whose key is unknown verifies nothing.
     */
    Authenticator forEpoch(ValidatorSet validators);

    /**
     * Whether this node holds its member id's key in the bound set. A replaced machine (same node
     * id, new key) does not, in the epochs before the new key's (the new machine) or from it on
     * (the old one): the replica observes there instead of signing what nobody would accept.
     */
    default boolean holdsMemberKey() {
        return true;
    }
}
