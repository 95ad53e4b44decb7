package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** A consensus message with its signer's signature; travels alone, or inside certificates. */
public record Signed(ConsensusMessage message, Bytes signature) implements PeerMessage {
    public int signer() {
        return message.replica();
    }
}
