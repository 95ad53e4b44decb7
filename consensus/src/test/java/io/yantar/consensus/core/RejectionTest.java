package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Byzantine input is refused with a reason and counted; nothing is sent, nothing throws. */
class RejectionTest {
    private final Scenario backup = Scenario.replica(1, 4);

    private void assertRejected(RejectReason reason, Outputs out) {
        assertRejected(backup, reason, out);
    }

    private static void assertRejected(Scenario scenario, RejectReason reason, Outputs out) {
        assertEquals(List.of(reason), out.rejected());
        assertTrue(sent(out, Prepare.class).isEmpty() && sent(out, Commit.class).isEmpty(), "a rejected message causes no vote");
        assertTrue(scenario.replica.rejections().getOrDefault(reason, 0L) >= 1, "rejections are counted");
    }

    @Test
    void prePrepareFromAReplicaThatIsNotThePrimary() {
        Proposal proposal = new Proposal(1, 0, 2, backup.now, false, List.of(TestApplication.payload("x")));
        Signed byBackup = backup.sign(new PrePrepare(0, 0, 1, backup.digest(proposal), 2));
        assertRejected(RejectReason.NOT_PRIMARY, backup.from(2, new ProposalMessage(byBackup, proposal)));
    }

    @Test
    void prePrepareWhoseDigestIsNotTheProposals() {
        Proposal proposal = backup.proposal(1, 0, "x");
        Proposal other = backup.proposal(1, 0, "y");
        ProposalMessage lying = new ProposalMessage(backup.prePrepare(0, 1, proposal).prePrepare(), other);
        assertRejected(RejectReason.DIGEST_MISMATCH, backup.from(0, lying));
    }

    @Test
    void secondPrePrepareForTheSameViewAndHeightWithAnotherDigest() {
        backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x")));
        assertRejected(RejectReason.EQUIVOCATION, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "y"))));
    }

    @Test
    void prePrepareAboveTheHighWatermark() {
        assertRejected(RejectReason.OUTSIDE_WATERMARKS, backup.from(0, backup.prePrepare(0, 17, backup.proposal(17, 0, "x"))));
    }

    @Test
    void messageWithAForgedSignature() {
        Proposal proposal = backup.proposal(1, 0, "x");
        Signed genuine = backup.prePrepare(0, 1, proposal).prePrepare();
        Signed forged = new Signed(genuine.message(), Bytes.ofLong(12345));
        assertRejected(RejectReason.BAD_SIGNATURE, backup.from(0, new ProposalMessage(forged, proposal)));
    }

    @Test
    void messageForALaterEpochWaitsAndCausesNoVote() {
        Signed otherEpoch = backup.sign(new Prepare(7, 0, 1, Bytes.ofLong(1), 2));
        Outputs out = backup.from(2, otherEpoch);
        assertTrue(out.rejected().isEmpty() && out.send().isEmpty(), "held until the replica reaches epoch 7 (EpochTest)");
    }

    @Test
    void messageFromOutsideTheValidatorSet() {
        Signed stranger = new Signed(new Prepare(0, 0, 1, Bytes.ofLong(1), 9), Bytes.ofLong(1));
        assertRejected(RejectReason.UNKNOWN_SIGNER, backup.from(9, stranger));
    }

    @Test
    void proposalWithATimestampFarFromOurClock() {
        Proposal future = new Proposal(1, 0, 0, backup.now + backup.config.maxClockSkewMillis() + 1, false,
                List.of(TestApplication.payload("x")));
        assertRejected(RejectReason.BAD_TIMESTAMP, backup.from(0, backup.prePrepare(0, 1, future)));
    }

    @Test
    void proposalOlderThanAnAcceptedLowerHeight() {
        backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x")));
        Proposal earlier = new Proposal(2, 0, 0, backup.now - 1, false, List.of(TestApplication.payload("y")));
        assertRejected(RejectReason.BAD_TIMESTAMP, backup.from(0, backup.prePrepare(0, 2, earlier)));
    }

    @Test
    void proposalCarryingARequestThatFailsTheStatelessCheck() {
        assertRejected(RejectReason.INVALID_REQUEST, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "bad signature"))));
    }

    @Test
    void proposalCarryingOneRequestTwice() {
        Scenario batching = Scenario.replica(1, 4, Scenario.defaultConfig().withBatch(4, 0));
        assertRejected(batching, RejectReason.DUPLICATE_REQUEST,
                batching.from(0, batching.prePrepare(0, 1, batching.proposal(1, 0, "x", "x"))));
    }

    @Test
    void proposalCarryingAnAlreadyExecutedRequest() {
        backup.application.executed.add(new RequestKey(TestApplication.payload("x")));
        assertRejected(RejectReason.DUPLICATE_REQUEST, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x"))));
    }

    @Test
    void copiesOfAnExecutedRequestAreRefusedWithoutTheirCostlyCheck() {
        backup.application.executed.add(new RequestKey(TestApplication.payload("x")));
        int checksBefore = backup.application.checks;
        assertRejected(RejectReason.DUPLICATE_REQUEST, backup.from(2, new ForwardedRequests(List.of(TestApplication.payload("x")))));
        assertRejected(RejectReason.DUPLICATE_REQUEST, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x"))));
        assertEquals(checksBefore, backup.application.checks, "an executed request's copy is refused before its check");
    }

    @Test
    void proposalLargerThanTheBatchLimit() {
        assertRejected(RejectReason.BATCH_TOO_LARGE, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "x", "y"))));
    }

    @Test
    void prepareSentByThePrimary() {
        assertRejected(RejectReason.NOT_PRIMARY, backup.from(0, backup.prepare(0, 0, 1, Bytes.ofLong(1))));
    }

    @Test
    void replicaVotingTwoWaysInOneView() {
        backup.from(2, backup.prepare(2, 0, 1, Bytes.ofLong(1)));
        assertRejected(RejectReason.EQUIVOCATION, backup.from(2, backup.prepare(2, 0, 1, Bytes.ofLong(2))));
    }

    @Test
    void clientRequestThatFailsTheStatelessCheckOrIsAReplay() {
        assertRejected(RejectReason.INVALID_REQUEST, backup.request("bad"));
        backup.request("pay");
        assertRejected(RejectReason.DUPLICATE_REQUEST, backup.request("pay"));
        assertRejected(RejectReason.DUPLICATE_REQUEST, backup.from(2, new ForwardedRequests(List.of(TestApplication.payload("pay")))));
    }

    @Test
    void checkpointAtAHeightThatIsNoCheckpoint() {
        assertRejected(RejectReason.BAD_CERTIFICATE, backup.from(2, backup.checkpoint(2, 3, Bytes.ofLong(1))));
    }

    @Test
    void aBackupThatRefusedThePrimarysProposalSuspectsItWhenNoBlockFollows() {
        assertRejected(RejectReason.INVALID_REQUEST, backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "bad signature"))));

        List<io.yantar.consensus.core.message.ViewChange> suspected = sent(backup.advance(1_000),
                io.yantar.consensus.core.message.ViewChange.class);
        assertTrue(!suspected.isEmpty() && suspected.stream().allMatch(viewChange -> viewChange.newView() == 1),
                "it holds no request, but the block it refused cannot commit without it");
    }

    @Test
    void aRefusedProposalStopsCountingOnceABlockAtItsHeightIsDelivered() {
        backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "bad signature")));
        backup.advance(500);
        backup.commitHeight(1, "good"); // the other backups agreed on a valid block at that height (say, in a later view)

        assertTrue(sent(backup.advance(30_000), io.yantar.consensus.core.message.ViewChange.class).isEmpty());
    }
}
