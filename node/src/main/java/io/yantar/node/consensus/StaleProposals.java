package io.yantar.node.consensus;

import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.ProposalMessage;
import java.util.function.LongSupplier;

/**
 * Recognises a proposal that can no longer matter to this node: one for a height it has already
 * executed, of its current epoch, in a view the replica has already reached. The core refuses such
 * a proposal anyway (its payments are executed: a duplicate), but only after every signature in
 * it was checked, and a backup that stalls re-sends the proposals of every block it has not seen
 * stable, to every peer. In a standard bench run one such relay of four old blocks (434 payments
 * in one) held the proposal verifier 1.1 s, and the current block's PRE-PREPARE waited behind it;
 * that queue was the longest stage of a block's p99. A Byzantine validator could do the same on
 * purpose. A proposal from a higher view or another epoch still goes to the core, which learns
 * views and epochs from it.
 */
final class StaleProposals {
    private final LongSupplier executedHeight;
    private final LongSupplier currentEpoch;
    private final LongSupplier currentView;

    StaleProposals(LongSupplier executedHeight, LongSupplier currentEpoch, LongSupplier currentView) {
        this.executedHeight = executedHeight;
        this.currentEpoch = currentEpoch;
        this.currentView = currentView;
    }

    boolean isStale(ProposalMessage proposal) {
        if (proposal.prePrepare() == null || !(proposal.prePrepare().message() instanceof PrePrepare prePrepare)) {
            return false; // malformed: the core rejects it with a reason
        }
        return prePrepare.height() <= executedHeight.getAsLong() && prePrepare.epoch() == currentEpoch.getAsLong()
                && prePrepare.view() <= currentView.getAsLong();
    }
}
