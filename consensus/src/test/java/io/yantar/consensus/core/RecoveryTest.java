package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.sent;
import static io.yantar.consensus.core.Scenario.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ViewChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replica restarted from what it persisted never signs two different things for one (view, height). */
class RecoveryTest {

    @Test
    void restartedBackupNeverPreparesAnotherDigestForTheSameViewAndHeight() {
        Scenario backup = Scenario.replica(1, 4);
        backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x")));
        backup.restart(0);

        Outputs out = backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "y")));

        assertEquals(List.of(RejectReason.EQUIVOCATION), out.rejected());
        assertTrue(sent(out, Prepare.class).isEmpty());
    }

    @Test
    void restartedPrimaryDoesNotReuseAHeight() {
        Scenario primary = Scenario.replica(0, 4);
        assertEquals(1, sent(primary.request("a"), PrePrepare.class).get(0).height());
        primary.restart(0);
        assertEquals(2, sent(primary.request("b"), PrePrepare.class).get(0).height());
    }

    @Test
    void restartedReplicaRemembersTheViewItLeftAndItsPreparedCertificate() {
        Scenario backup = Scenario.replica(1, 4);
        backup.request("x");
        Proposal proposal = backup.proposal(1, 0, "x");
        backup.from(0, backup.prePrepare(0, 1, proposal));
        backup.from(2, backup.prepare(2, 0, 1, backup.digest(proposal)));
        backup.advance(1_000); // suspects the primary: VIEW-CHANGE for view 1

        backup.restart(0);

        assertEquals(1, backup.replica.view());
        assertTrue(backup.replica.viewChanging());
        List<ViewChange> resent = sent(backup.advance(500), ViewChange.class);
        assertEquals(1, resent.size(), "the VIEW-CHANGE is re-sent after the restart");
        assertEquals(proposal, resent.get(0).prepared().get(0).proposal(), "with the prepared certificate it persisted");
    }

    @Test
    void compactedJournalRestoresTheSameStableCheckpoint() {
        Scenario backup = Scenario.replica(1, 4);
        for (long checkpoint = 4; checkpoint <= 8; checkpoint += 4) {
            backup.commitAndExecute(checkpoint);
            backup.from(0, backup.checkpoint(0, checkpoint, state(checkpoint)));
            backup.from(2, backup.checkpoint(2, checkpoint, state(checkpoint)));
        }
        assertEquals(8, backup.replica.stableHeight());

        List<DurableRecord> compacted = Journal.compact(backup.journal);
        assertTrue(compacted.size() < backup.journal.size() / 3, compacted.size() + " of " + backup.journal.size());
        backup.journal.clear();
        backup.journal.addAll(compacted);
        backup.restart(8);

        assertEquals(8, backup.replica.stableHeight());
        assertEquals(8, backup.replica.lastDeliveredHeight());
        assertEquals(List.of(9L), backup.commitHeight(9, "next").committed().stream().map(CommittedBlock::height).toList());
    }

    @Test
    void restartedBehindItsOwnStableCheckpointAsksForState() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitAndExecute(4);
        backup.from(0, backup.checkpoint(0, 4, state(4)));
        backup.from(2, backup.checkpoint(2, 4, state(4)));
        backup.restart(2); // the application lost its last two blocks

        Outputs out = backup.advance(1);
        assertEquals(1, out.fetches().size());
        assertEquals(3, out.fetches().get(0).fromHeight());
        assertEquals(4, out.fetches().get(0).height());
    }
}
