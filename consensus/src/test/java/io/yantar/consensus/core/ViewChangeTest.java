package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.persisted;
import static io.yantar.consensus.core.Scenario.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The classic view-change cases of section 4.4 of the paper, n = 4, f = 1; the primary of view v is v mod 4. */
class ViewChangeTest {

    @Test
    void backupSuspectsAPrimaryThatIgnoresARequest() {
        Scenario backup = Scenario.replica(1, 4);
        backup.request("censored payment");

        assertTrue(sent(backup.advance(999), ViewChange.class).isEmpty());
        Outputs out = backup.advance(1);

        List<ViewChange> viewChanges = sent(out, ViewChange.class);
        assertEquals(1, viewChanges.size());
        assertEquals(1, viewChanges.get(0).newView());
        assertTrue(persisted(out, DurableRecord.OwnMessage.class).stream().anyMatch(r -> r.message().message() instanceof ViewChange),
                "the VIEW-CHANGE is durable before it leaves");
        assertTrue(backup.replica.viewChanging());
    }

    @Test
    void aBusyPrimaryWorkingThroughItsQueueInArrivalOrderIsNotSuspected() {
        Scenario backup = Scenario.replica(1, 4);
        for (int i = 0; i < 12; i++) {
            backup.request("queued " + i);
            backup.advance(10);
        }
        for (int height = 1; height <= 12; height++) { // 9.6 s, beyond five request timeouts
            assertTrue(sent(backup.advance(800), ViewChange.class).isEmpty(), "no suspicion before height " + height);
            backup.commitHeight(height, "queued " + (height - 1));
        }
        assertFalse(backup.replica.viewChanging());
    }

    @Test
    void aRequestThatYoungerOnesKeepOvertakingIsSuspectedAfterTheCensorshipBound() {
        Scenario backup = Scenario.replica(1, 4, Scenario.defaultConfig().withCheckpointInterval(4, 64));
        backup.request("censored payment");
        backup.advance(10);
        for (int i = 1; i <= 40; i++) {
            backup.request("favoured " + i);
        }
        long overtakenFor = 0;
        boolean suspected = false;
        for (int height = 1; height <= 40 && !suspected; height++) {
            backup.commitHeight(height, "favoured " + height);
            suspected = !sent(backup.advance(900), ViewChange.class).isEmpty();
            overtakenFor += 900;
        }
        assertTrue(suspected, "five (adapted) timeouts after the first overtaking the backup moves on");
        assertTrue(overtakenFor >= 5_000, "not before five timeouts: " + overtakenFor);
    }

    @Test
    void aPrimaryThatHasBeenSlowAllAlongGetsALongerTimeoutButNotForever() {
        Scenario backup = Scenario.replica(1, 4);
        for (int height = 1; height <= 10; height++) { // each request waits 900 ms of the 1,000 ms timeout
            backup.request("steady " + height);
            assertTrue(sent(backup.advance(900), ViewChange.class).isEmpty());
            backup.commitHeight(height, "steady " + height);
        }
        backup.request("after a hiccup");
        assertTrue(sent(backup.advance(1_500), ViewChange.class).isEmpty(), "a hiccup of 1.5 s is within twice the usual wait");
        assertFalse(sent(backup.advance(1_000), ViewChange.class).isEmpty(), "2.5 s is not");
    }

    @Test
    void theAdaptedTimeoutStaysWithinEightTimesTheConfiguredOne() {
        ProgressTimeout timeout = new ProgressTimeout(1_000);
        assertEquals(1_000, timeout.millis(), "no history: the configured timeout");
        for (int i = 0; i < 100; i++) {
            timeout.observe(60_000); // a primary that slows down on purpose
        }
        assertEquals(8_000, timeout.millis());
        for (int i = 0; i < 100; i++) {
            timeout.observe(10);
        }
        assertEquals(1_000, timeout.millis(), "fast progress brings it back to the configured floor");
    }

    @Test
    void viewChangeCarriesThePreparedCertificate() {
        Scenario backup = Scenario.replica(1, 4);
        backup.request("x");
        Proposal proposal = backup.proposal(1, 0, "x");
        backup.from(0, backup.prePrepare(0, 1, proposal));
        backup.from(2, backup.prepare(2, 0, 1, backup.digest(proposal)));

        ViewChange viewChange = sent(backup.advance(1_000), ViewChange.class).get(0);

        assertEquals(1, viewChange.prepared().size());
        PreparedCertificate certificate = viewChange.prepared().get(0);
        assertEquals(proposal, certificate.proposal());
        assertEquals(2, certificate.prepares().size(), "2f PREPAREs: its own and replica 2's");
        assertTrue(backup.certificates().validPreparedCertificate(certificate, 0, 1));
    }

    @Test
    void newPrimaryReproposesThePreparedBatchUnchangedAndFillsTheGapWithANullBlock() {
        Scenario newPrimary = Scenario.replica(1, 4);
        Proposal prepared = newPrimary.proposal(2, 0, "committed somewhere");
        newPrimary.from(3, newPrimary.viewChange(3, 1));
        Outputs out = newPrimary.from(2, newPrimary.viewChange(2, 1, newPrimary.preparedCertificate(0, 2, prepared)));

        NewView newView = sent(out, NewView.class).get(0);
        assertEquals(1, newView.view());
        assertEquals(3, newView.viewChanges().size(), "its own and the two it received");
        assertEquals(List.of(Proposal.nullProposal(1, 1, 1), prepared), newView.proposals());
        PrePrepare reproposal = (PrePrepare) newView.prePrepares().get(1).message();
        assertEquals(newPrimary.digest(prepared), reproposal.digest(), "same digest in the new view");
        assertEquals(1, reproposal.view());
        assertFalse(newPrimary.replica.viewChanging());
        assertTrue(persisted(out, DurableRecord.ViewEntered.class).contains(new DurableRecord.ViewEntered(1)));
    }

    @Test
    void backupAcceptsAValidNewViewAndPreparesWhatItCarries() {
        Scenario backup = Scenario.replica(2, 4);
        Proposal prepared = backup.proposal(2, 0, "x");
        List<Signed> viewChanges = List.of(backup.viewChange(0, 1), backup.viewChange(1, 1),
                backup.viewChange(3, 1, backup.preparedCertificate(0, 2, prepared)));

        Outputs out = backup.from(1, backup.newView(1, viewChanges));

        assertEquals(1, backup.replica.view());
        assertFalse(backup.replica.viewChanging());
        List<Prepare> prepares = sent(out, Prepare.class);
        assertEquals(2, prepares.size());
        assertEquals(backup.digest(prepared), prepares.get(1).digest(), "the batch prepared in view 0 survives into view 1");
    }

    @Test
    void backupRejectsANewViewThatDropsAPreparedBatchAndMovesOn() {
        Scenario backup = Scenario.replica(2, 4);
        Proposal prepared = backup.proposal(2, 0, "x");
        List<Signed> viewChanges = List.of(backup.viewChange(0, 1), backup.viewChange(3, 1),
                backup.viewChange(1, 1, backup.preparedCertificate(0, 2, prepared)));
        backup.from(0, viewChanges.get(0));
        backup.from(3, viewChanges.get(1)); // f+1 others changing: it joins view 1
        assertTrue(backup.replica.viewChanging());

        List<Proposal> lies = List.of(Proposal.nullProposal(1, 1, 1), Proposal.nullProposal(2, 1, 1));
        Outputs out = backup.from(1, backup.newView(1, viewChanges, lies));

        assertEquals(List.of(RejectReason.BAD_NEW_VIEW), out.rejected());
        assertTrue(sent(out, Prepare.class).isEmpty());
        assertEquals(2, sent(out, ViewChange.class).get(0).newView(), "the new primary is faulty: on to view 2");
    }

    @Test
    void aSecondNewViewThatContradictsABlockCommittedInItsViewIsRefusedNotFatal() {
        Scenario backup = Scenario.replica(2, 4);
        backup.from(0, backup.viewChange(0, 1));
        backup.from(3, backup.viewChange(3, 1)); // changing to view 1, the NEW-VIEW it will never see
        Proposal committed = new Proposal(1, 1, 1, backup.now, false, List.of(TestApplication.payload("x")));
        backup.from(1, backup.prePrepare(1, 1, committed));
        Bytes digest = backup.digest(committed);
        for (int peer : new int[] {0, 1, 3}) {
            backup.from(peer, backup.commit(peer, 1, 1, digest)); // others committed it in view 1
        }
        assertEquals(1, backup.replica.lastDeliveredHeight());

        // the primary of view 1 (twins, say) also sent another NEW-VIEW, built on a view-0 certificate for height 1
        Proposal other = backup.proposal(1, 0, "y");
        List<Signed> viewChanges = List.of(backup.viewChange(0, 1, backup.preparedCertificate(0, 1, other)),
                backup.viewChange(1, 1), backup.viewChange(3, 1));
        Outputs out = backup.from(1, backup.newView(1, viewChanges));

        assertEquals(List.of(RejectReason.BAD_NEW_VIEW), out.rejected());
        assertTrue(sent(out, Prepare.class).isEmpty());
        assertEquals(2, sent(out, ViewChange.class).get(0).newView());
    }

    @Test
    void newViewFromAReplicaThatIsNotThePrimaryIsRejected() {
        Scenario backup = Scenario.replica(2, 4);
        List<Signed> viewChanges = List.of(backup.viewChange(0, 1), backup.viewChange(1, 1), backup.viewChange(3, 1));
        Signed genuine = backup.newView(1, viewChanges);
        NewView body = (NewView) genuine.message();
        Signed byReplica3 = backup.sign(new NewView(0, 1, body.viewChanges(), body.prePrepares(), body.proposals(), 3));
        assertEquals(List.of(RejectReason.NOT_PRIMARY), backup.from(3, byReplica3).rejected());
        assertEquals(0, backup.replica.view());
    }

    @Test
    void theCertificateOfTheHighestViewWinsAHeight() {
        Scenario scenario = Scenario.replica(3, 4);
        Proposal older = scenario.proposal(1, 0, "old");
        Proposal newer = new Proposal(1, 1, 1, scenario.now, false, List.of(TestApplication.payload("new")));
        List<ViewChange> viewChanges = new ArrayList<>();
        for (Signed signed : List.of(scenario.viewChange(0, 2, scenario.preparedCertificate(0, 1, older)),
                scenario.viewChange(1, 2, scenario.preparedCertificate(1, 1, newer)), scenario.viewChange(3, 2))) {
            viewChanges.add((ViewChange) signed.message());
        }
        assertEquals(List.of(newer), NewViewPlanner.plan(viewChanges, 2, 2).proposals());
    }

    @Test
    void fPlusOneReplicasInAHigherViewPullABackupAlongWithoutItsTimer() {
        Scenario backup = Scenario.replica(3, 4);
        assertTrue(sent(backup.from(1, backup.viewChange(1, 1)), ViewChange.class).isEmpty(), "one replica may be faulty");
        Outputs out = backup.from(2, backup.viewChange(2, 1));
        assertEquals(1, sent(out, ViewChange.class).get(0).newView());
    }

    @Test
    void aSingleFaultyReplicaCannotForceAViewChange() {
        Scenario backup = Scenario.replica(3, 4);
        backup.from(1, backup.viewChange(1, 5));
        backup.from(1, backup.prepare(1, 9, 1, Bytes.ofLong(1)));
        assertEquals(0, backup.replica.view());
        assertFalse(backup.replica.viewChanging());
    }

    @Test
    void forgedProofsInAViewChangeAreRejected() {
        Scenario backup = Scenario.replica(3, 4);
        Proposal proposal = backup.proposal(1, 0, "x");
        PreparedCertificate genuine = backup.preparedCertificate(0, 1, proposal);
        List<Signed> forgedPrepares = genuine.prepares().stream().map(p -> new Signed(p.message(), Bytes.ofLong(7))).toList();
        Signed forged = backup.viewChange(1, 1, new PreparedCertificate(genuine.prePrepare(), proposal, forgedPrepares));
        assertEquals(List.of(RejectReason.BAD_VIEW_CHANGE), backup.from(1, forged).rejected());

        Signed staleProof = backup.sign(new ViewChange(0, 1, 4, Bytes.ofLong(4), List.of(), List.of(), 2));
        assertEquals(List.of(RejectReason.BAD_VIEW_CHANGE), backup.from(2, staleProof).rejected(), "a stable checkpoint needs its proof");
    }

    @Test
    void waitingForNewViewBacksOffExponentiallyUpToTheCap() {
        Scenario backup = Scenario.replica(6, 7); // f = 2; never the primary of views 1..5; timeout 2 s, cap 16 s
        int[] others = {1, 2, 3, 4};
        for (int peer : others) {
            backup.from(peer, backup.viewChange(peer, 1)); // joins view 1; with 2f+1 VIEW-CHANGEs the NEW-VIEW timer runs
        }
        List<Long> waits = new ArrayList<>();
        for (long view = 1; view <= 5; view++) {
            long next = view + 1;
            long waited = 500;
            while (sent(backup.advance(500), ViewChange.class).stream().noneMatch(v -> v.newView() == next) && waited < 60_000) {
                waited += 500; // (retransmissions of the current VIEW-CHANGE do not count)
            }
            waits.add(waited);
            for (int peer : others) {
                backup.from(peer, backup.viewChange(peer, next));
            }
        }
        assertEquals(List.of(2_000L, 4_000L, 8_000L, 16_000L, 16_000L), waits, "no 'round 10 expires in 4096 s'");
        assertEquals(6, backup.replica.view());
    }
}
