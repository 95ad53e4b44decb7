package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which proposals are dropped before their payments' signatures are checked. */
class StaleProposalsTest {
    private final AtomicLong executed = new AtomicLong(10);
    private final AtomicLong epoch = new AtomicLong(2);
    private final AtomicLong view = new AtomicLong(3);
    private final StaleProposals stale = new StaleProposals(executed::get, epoch::get, view::get);

    @Test
    void aProposalForAnExecutedHeightOfThisEpochAndViewIsStale() {
        assertTrue(stale.isStale(proposal(2, 3, 10)));
        assertTrue(stale.isStale(proposal(2, 3, 7)));
        assertTrue(stale.isStale(proposal(2, 1, 9)), "from an earlier view of the epoch");
    }

    @Test
    void aProposalTheCoreMayStillUseIsNot() {
        assertFalse(stale.isStale(proposal(2, 3, 11)), "the next height");
        assertFalse(stale.isStale(proposal(2, 4, 9)), "a higher view: the core learns that peers moved on");
        assertFalse(stale.isStale(proposal(1, 0, 9)), "another epoch: the core tells a replica left behind where it ended");
        assertFalse(stale.isStale(proposal(3, 0, 9)), "a later epoch");
        executed.set(11);
        assertTrue(stale.isStale(proposal(2, 3, 11)), "once executed here");
    }

    @Test
    void aMalformedProposalGoesToTheCoreWhichRejectsItWithAReason() {
        Signed notAPrePrepare = new Signed(new Prepare(2, 3, 5, Bytes.ofLong(1), 0), Bytes.ofLong(0));
        assertFalse(stale.isStale(new ProposalMessage(notAPrePrepare, new Proposal(5, 3, 0, 1_000, false, List.of()))));
        assertFalse(stale.isStale(new ProposalMessage(null, null)));
    }

    private static ProposalMessage proposal(long epoch, long view, long height) {
        Signed prePrepare = new Signed(new PrePrepare(epoch, view, height, Bytes.ofLong(height), 0), Bytes.ofLong(0));
        return new ProposalMessage(prePrepare, new Proposal(height, view, 0, 1_000, false, List.of(Bytes.ofLong(1))));
    }
}
