package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Proposal;

/** A block final at this replica, handed to the application strictly in height order. */
public record CommittedBlock(Proposal proposal, CommitCertificate certificate) {
    public long height() {
        return proposal.height();
    }
}
