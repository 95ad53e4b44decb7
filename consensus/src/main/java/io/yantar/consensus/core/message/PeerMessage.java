package io.yantar.consensus.core.message;

/** What one replica hands another. */
public sealed interface PeerMessage permits Signed, ProposalMessage, ForwardedRequests {
}
