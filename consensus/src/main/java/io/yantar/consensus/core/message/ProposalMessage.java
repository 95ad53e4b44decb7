package io.yantar.consensus.core.message;

/** A signed PRE-PREPARE with the proposal it names (any replica may relay it). */
public record ProposalMessage(Signed prePrepare, Proposal proposal) implements PeerMessage {
}
