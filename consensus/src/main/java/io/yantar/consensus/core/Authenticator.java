package io.yantar.consensus.core;

import io.yantar.consensus.core.message.ConsensusMessage;

/**
 * Signs this replica's messages and checks peers'. The signer of a message is its
 * {@link ConsensusMessage#replica()} field. Implementations never throw on malformed input.
 */
public interface Authenticator {
    Bytes sign(ConsensusMessage message);

    boolean verify(ConsensusMessage message, Bytes signature);
}
