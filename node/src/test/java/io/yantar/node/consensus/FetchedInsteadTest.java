package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Which peer messages a node fetching far behind drops unchecked. */
class FetchedInsteadTest {
    private static final long WINDOW = 64;
    private final AtomicBoolean catchingUp = new AtomicBoolean(true);
    private final AtomicLong ledger = new AtomicLong(1_000);
    private final AtomicLong target = new AtomicLong(5_000);
    private final FetchedInstead fetched = new FetchedInstead(catchingUp::get, ledger::get, target::get, WINDOW);

    @Test
    void votesAndProposalsAboveTheWindowOverTheLedgerAreDroppedWhileFetching() {
        assertTrue(fetched.covers(proposal(1_065)));
        assertTrue(fetched.covers(signed(new Prepare(0, 0, 4_900, Bytes.ofLong(1), 1))));
        assertTrue(fetched.covers(signed(new Commit(0, 0, 1_065, Bytes.ofLong(1), 1))));
        assertTrue(fetched.covers(requests()), "the cluster's stable checkpoint is more than a window ahead");
    }

    @Test
    void withinTheWindowEverythingPassesSoTheNodeJoinsOrderingBeforeItHasCaughtUp() {
        assertFalse(fetched.covers(proposal(1_064)));
        assertFalse(fetched.covers(signed(new Prepare(0, 0, 1_001, Bytes.ofLong(1), 1))));
        assertFalse(fetched.covers(signed(new Commit(0, 0, 900, Bytes.ofLong(1), 1))));
        target.set(1_064);
        assertFalse(fetched.covers(requests()), "the transfer's target is within a window: requests will be ordered here soon");
        ledger.set(4_990);
        target.set(5_000);
        assertFalse(fetched.covers(proposal(5_054)), "the horizon follows the ledger as blocks arrive");
    }

    @Test
    void farBehindOnlyWhileFetchingMoreThanAWindowBeyondTheLedger() {
        assertTrue(fetched.farBehind());
        target.set(1_064);
        assertFalse(fetched.farBehind(), "a few blocks fallen behind in a pause: as current as its peers a moment later");
        target.set(1_065);
        assertTrue(fetched.farBehind());
        catchingUp.set(false);
        assertFalse(fetched.farBehind());
    }

    @Test
    void nothingIsDroppedWhenNotFetching() {
        catchingUp.set(false);
        for (PeerMessage message : List.of(proposal(9_999), signed(new Prepare(0, 0, 9_999, Bytes.ofLong(1), 1)), requests())) {
            assertFalse(fetched.covers(message), message.toString());
        }
    }

    @Test
    void checkpointsAndViewChangesAlwaysPass() {
        assertFalse(fetched.covers(signed(new Checkpoint(0, 4_999, Bytes.ofLong(7), 1))), "they move the transfer's target on");
        assertFalse(fetched.covers(signed(new ViewChange(0, 3, 4_999, Bytes.ofLong(7), List.of(), List.of(), 1))));
    }

    @Test
    void malformedMessagesGoToTheCoreWhichRejectsThemWithAReason() {
        assertFalse(fetched.covers(new ProposalMessage(null, null)));
        assertEquals("the window must be at least one height, not 0",
                assertThrows(IllegalArgumentException.class, () -> new FetchedInstead(() -> true, () -> 0, () -> 0, 0)).getMessage());
    }

    private static Signed signed(io.yantar.consensus.core.message.ConsensusMessage message) {
        return new Signed(message, Bytes.ofLong(0));
    }

    private static ProposalMessage proposal(long height) {
        return new ProposalMessage(signed(new PrePrepare(0, 0, height, Bytes.ofLong(height), 0)),
                new Proposal(height, 0, 0, 1_000, false, List.of(Bytes.ofLong(1))));
    }

    private static ForwardedRequests requests() {
        return new ForwardedRequests(List.of(Bytes.ofLong(1)));
    }
}
