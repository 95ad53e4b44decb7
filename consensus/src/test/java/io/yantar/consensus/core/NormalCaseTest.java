package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.persisted;
import static io.yantar.consensus.core.Scenario.sent;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Request -> PRE-PREPARE -> PREPARE -> COMMIT -> committed in height order, as in section 4.2 of the paper. */
class NormalCaseTest {

    @Test
    void backupAcceptsPrePrepareAndSendsPrepareAfterPersistingBoth() {
        Scenario backup = Scenario.replica(1, 4);
        Proposal proposal = backup.proposal(1, 0, "pay alice 5");

        Outputs out = backup.from(0, backup.prePrepare(0, 1, proposal));

        assertInstanceOf(DurableRecord.AcceptedPrePrepare.class, out.persist().get(0));
        DurableRecord.OwnMessage own = assertInstanceOf(DurableRecord.OwnMessage.class, out.persist().get(1));
        Prepare prepare = assertInstanceOf(Prepare.class, own.message().message());
        assertEquals(List.of(prepare), sent(out, Prepare.class), "the PREPARE sent is the one persisted");
        assertEquals(new Prepare(0, 0, 1, backup.digest(proposal), 1), prepare);
    }

    @Test
    void preparedWithTwoFMatchingPreparesThenCommits() {
        Scenario backup = Scenario.replica(1, 4);
        Proposal proposal = backup.proposal(1, 0, "pay alice 5");
        backup.from(0, backup.prePrepare(0, 1, proposal));

        Outputs out = backup.from(2, backup.prepare(2, 0, 1, backup.digest(proposal)));

        assertEquals(List.of(new Commit(0, 0, 1, backup.digest(proposal), 1)), sent(out, Commit.class));
        assertEquals(1, persisted(out, DurableRecord.PeerMessage.class).size(), "the peer's PREPARE of the certificate is persisted");
        assertTrue(persisted(out, DurableRecord.OwnMessage.class).stream().anyMatch(r -> r.message().message() instanceof Commit));
    }

    @Test
    void committedWithTwoFPlusOneCommitsAndTheCertificateIsEmitted() {
        Scenario backup = Scenario.replica(1, 4);

        Outputs out = backup.commitHeight(1, "pay alice 5");

        assertEquals(1, out.committed().size());
        CommittedBlock block = out.committed().get(0);
        assertEquals(1, block.height());
        CommitCertificate certificate = block.certificate();
        assertEquals(3, certificate.commits().size());
        assertEquals(3, certificate.commits().stream().map(Signed::signer).distinct().count());
        assertTrue(backup.certificates().validCommitCertificate(certificate, block.proposal()), "a transferable proof");
        assertEquals(1, backup.replica.lastDeliveredHeight());
    }

    @Test
    void aStalledBackupResendsItsVoteEveryRoundButTheWholeProposalOnABackoff() {
        // A request timeout beyond the 20 rounds: the accepted block would make it suspect the primary after 1 s.
        Scenario backup = Scenario.replica(1, 4, Scenario.defaultConfig().withRequestTimeout(60_000));
        Proposal proposal = backup.proposal(1, 0, "pay alice 5");
        backup.from(0, backup.prePrepare(0, 1, proposal)); // no peer answers: no progress

        List<Integer> proposalRounds = new java.util.ArrayList<>();
        for (int round = 1; round <= 20; round++) {
            Outputs out = backup.advance(backup.config.retransmitIntervalMillis());
            assertEquals(1, sent(out, Prepare.class).size(), "its PREPARE in round " + round);
            if (out.send().stream().anyMatch(outbound -> outbound.message() instanceof ProposalMessage)) {
                proposalRounds.add(round);
            }
        }

        assertEquals(List.of(1, 2, 4, 8, 16), proposalRounds);
    }

    @Test
    void blocksAreHandedOverStrictlyInHeightOrder() {
        Scenario backup = Scenario.replica(1, 4);

        Outputs second = backup.commitHeight(2, "second");
        assertTrue(second.committed().isEmpty(), "height 2 waits for height 1");

        Outputs first = backup.commitHeight(1, "first");
        assertEquals(List.of(1L, 2L), first.committed().stream().map(CommittedBlock::height).toList());
    }

    @Test
    void backupForwardsClientRequestsToEveryone() {
        Scenario backup = Scenario.replica(2, 4);

        Outputs out = backup.request("pay bob 1");

        assertEquals(1, out.send().size());
        assertTrue(out.send().get(0).broadcast());
        assertInstanceOf(ForwardedRequests.class, out.send().get(0).message());
    }

    @Test
    void aCopyOfARequestArrivingBetweenItsCommitAndItsExecutionDoesNotLingerAndStartViewChanges() {
        Scenario backup = Scenario.replica(1, 4);
        backup.request("pay once");
        backup.commitHeight(1, "pay once");
        backup.from(2, new ForwardedRequests(List.of(TestApplication.payload("pay once")))); // a slower peer forwards it again
        backup.application.executed.add(new RequestKey(TestApplication.payload("pay once")));
        backup.step(new Input.Executed(1, Scenario.state(1)));

        assertTrue(sent(backup.advance(30_000), io.yantar.consensus.core.message.ViewChange.class).isEmpty(),
                "nothing waits: the copy went when its block executed");
    }

    @Test
    void aRequestOrderedAgainAfterItsBlockExecutedStaysWaiting() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitHeight(1, "nonce ahead");
        backup.request("nonce ahead"); // refused at execution without using its nonce: the node orders it again
        backup.step(new Input.Executed(1, Scenario.state(1)));

        assertTrue(!sent(backup.advance(30_000), io.yantar.consensus.core.message.ViewChange.class).isEmpty(),
                "it still waits for a primary to order it");
    }

    @Test
    void primaryCutsABatchWhenFullOrAfterTheBatchDelay() {
        Config config = Scenario.defaultConfig().withBatch(3, 50);
        Scenario primary = Scenario.replica(0, 4, config);

        primary.request("a");
        Outputs waiting = primary.request("b");
        assertTrue(sent(waiting, PrePrepare.class).isEmpty(), "two requests wait for a third or the delay");
        assertTrue(sent(primary.advance(49), PrePrepare.class).isEmpty());
        Outputs delayed = primary.advance(1);
        assertEquals(2, proposalsSent(delayed).get(0).payloads().size(), "the delay cuts a partial batch");

        primary.request("c");
        primary.request("d");
        Outputs full = primary.request("e");
        assertEquals(3, proposalsSent(full).get(0).payloads().size(), "a full batch is cut at once");
        assertEquals(2, proposalsSent(full).get(0).height());
    }

    @Test
    void primaryPipelinesHeightsUpToTheHighWatermark() {
        Scenario primary = Scenario.replica(0, 4, Scenario.defaultConfig().withProposalsInFlight(64));
        int proposed = 0;
        for (int i = 0; i < 20; i++) {
            proposed += sent(primary.request("request " + i), PrePrepare.class).size();
        }
        assertEquals(16, proposed, "window L = 16 above stable checkpoint 0");
    }

    @Test
    void primaryProposesAnotherBlockOnlyAsOneOfItsProposalsInFlightIsDelivered() {
        Scenario primary = Scenario.replica(0, 4, Scenario.defaultConfig().withBatch(3, 0).withProposalsInFlight(2));
        List<Proposal> proposed = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            proposed.addAll(proposalsSent(primary.request("request " + i)));
        }
        assertEquals(List.of(1L, 2L), proposed.stream().map(Proposal::height).toList(), "two blocks in flight at most");

        Bytes digest = primary.digest(proposed.get(0));
        primary.from(1, primary.prepare(1, 0, 1, digest));
        primary.from(2, primary.prepare(2, 0, 1, digest));
        primary.from(1, primary.commit(1, 0, 1, digest));
        Outputs delivered = primary.from(2, primary.commit(2, 0, 1, digest));
        assertEquals(1, delivered.committed().size());
        List<Proposal> next = proposalsSent(delivered);
        assertEquals(1, next.size(), "height 1 delivered: one more block");
        assertEquals(3, next.get(0).height());
        assertEquals(3, next.get(0).payloads().size(), "the requests that gathered meanwhile, up to the batch size");
    }

    @Test
    void primaryDoesNotOrderACopyOfARequestWhoseBlockHasNotExecutedYet() {
        Scenario primary = Scenario.replica(0, 4);
        assertEquals(1, commitOwnProposal(primary, proposalsSent(primary.request("pay once")).get(0)).committed().size());

        Outputs copy = primary.from(3, new ForwardedRequests(List.of(TestApplication.payload("pay once")))); // a backup re-forwards it
        assertTrue(proposalsSent(copy).isEmpty(),
                "backups that executed block 1 would refuse a second block with it as a duplicate, and that block would stall");
        assertTrue(heightsProposed(primary.advance(600)).stream().allMatch(height -> height == 1),
                "not at the next tick either (block 1 may be re-sent)");

        primary.application.executed.add(new RequestKey(TestApplication.payload("pay once")));
        primary.step(new Input.Executed(1, Scenario.state(1)));
        assertTrue(heightsProposed(primary.advance(30_000)).stream().allMatch(height -> height == 1), "executed: the copy is gone");
    }

    @Test
    void aHeldCopyRefusedAtExecutionWithoutItsNonceIsOrderedAgain() {
        Scenario primary = Scenario.replica(0, 4);
        commitOwnProposal(primary, proposalsSent(primary.request("nonce ahead")).get(0));
        assertTrue(proposalsSent(primary.from(3, new ForwardedRequests(List.of(TestApplication.payload("nonce ahead"))))).isEmpty());

        Outputs executed = primary.step(new Input.Executed(1, Scenario.state(1))); // refused without using its nonce
        List<Proposal> again = new ArrayList<>(proposalsSent(executed));
        again.addAll(proposalsSent(primary.advance(10)));
        assertEquals(1, again.size(), "ordered again once its first block executed");
        assertEquals(2, again.get(0).height());
        assertEquals(List.of(TestApplication.payload("nonce ahead")), again.get(0).payloads());
    }

    @Test
    void aBackupThatAcceptedAProposalWithoutHoldingItsRequestsSuspectsThePrimaryWhenNoBlockFollows() {
        Scenario backup = Scenario.replica(1, 4);
        backup.from(0, backup.prePrepare(0, 1, backup.proposal(1, 0, "never forwarded here")));

        assertTrue(sent(backup.advance(1_000), io.yantar.consensus.core.message.ViewChange.class).stream()
                        .anyMatch(viewChange -> viewChange.newView() == 1),
                "the block waits for it, although it holds no request of its own");
    }

    @Test
    void primaryTimestampsNeverGoBackwards() {
        Scenario primary = Scenario.replica(0, 4);
        long first = proposalsSent(primary.request("a")).get(0).timestampMillis();
        primary.now -= 500; // a clock stepping back must not reorder block times
        primary.step(new Input.Tick(primary.now));
        long second = proposalsSent(primary.request("b")).get(0).timestampMillis();
        assertTrue(second >= first);
    }

    /** Backups 1 and 2 prepare and commit the primary's proposal in view 0; the outputs of the last COMMIT. */
    private static Outputs commitOwnProposal(Scenario primary, Proposal proposal) {
        Bytes digest = primary.digest(proposal);
        primary.from(1, primary.prepare(1, 0, proposal.height(), digest));
        primary.from(2, primary.prepare(2, 0, proposal.height(), digest));
        primary.from(1, primary.commit(1, 0, proposal.height(), digest));
        return primary.from(2, primary.commit(2, 0, proposal.height(), digest));
    }

    private static List<Long> heightsProposed(Outputs out) {
        return proposalsSent(out).stream().map(Proposal::height).toList();
    }

    static List<Proposal> proposalsSent(Outputs out) {
        return out.send().stream().map(Outbound::message).filter(ProposalMessage.class::isInstance)
                .map(m -> ((ProposalMessage) m).proposal()).toList();
    }
}
