package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.persisted;
import static io.yantar.consensus.core.Scenario.sent;
import static io.yantar.consensus.core.Scenario.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.sim.FakeAuthenticator;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Epoch switches (membership changes): the replica changes sets at the stable checkpoint of the
 * epoch's last height, journals it first, refuses older epochs, holds later ones, and outside the
 * set signs nothing. K = 4, L = 16; the next epoch starts at height 5.
 */
class EpochTest {
    private static final ValidatorSet GENESIS = set(0, 0, 0, 1, 2, 3);
    private static final ValidatorSet GROWN = set(1, 5, 0, 1, 2, 3, 4);
    private static final ValidatorSet REPLACED = set(1, 5, 0, 1, 2, 4);

    private final long[] secrets = FakeAuthenticator.secrets(5, 99);
    private final Config config = Scenario.defaultConfig();
    private final TestApplication application = new TestApplication();
    private final List<DurableRecord> journal = new ArrayList<>();
    private final long now = Scenario.START_MILLIS;
    private String selfId;
    private Replica replica;

    private static ValidatorSet set(long epoch, long start, int... members) {
        return new ValidatorSet(epoch, start, IntStream.of(members).mapToObj(i -> "replica-" + i).toList());
    }

    private FakeAuthenticator keysOf(String member) {
        return FakeAuthenticator.forReplica(secrets, Integer.parseInt(member.substring("replica-".length())));
    }

    private void start(String member) {
        selfId = member;
        replica = Replica.create(config, EpochHistory.of(GENESIS), member, application, keysOf(member), now);
        step(new Input.Tick(now));
    }

    private Outputs step(Input input) {
        Outputs outputs = replica.step(input);
        journal.addAll(outputs.persist());
        return outputs;
    }

    private Signed sign(ValidatorSet set, ConsensusMessage message) {
        return new Signed(message, keysOf(set.members().get(message.replica())).forEpoch(set).sign(message));
    }

    private Outputs from(ValidatorSet set, ConsensusMessage message) {
        return step(new Input.FromPeer(message.replica(), sign(set, message)));
    }

    private ProposalMessage prePrepare(ValidatorSet set, long height, String text) {
        Proposal proposal = new Proposal(height, 0, set.primaryOf(0), now, false, List.of(TestApplication.payload(text)));
        return new ProposalMessage(sign(set, new PrePrepare(set.epoch(), 0, height, application.digest(proposal), set.primaryOf(0))),
                proposal);
    }

    /** Every other member of {@code set} pre-prepares (the primary), prepares and commits {@code height} in view 0. */
    private Outputs commit(ValidatorSet set, long height) {
        ProposalMessage proposal = prePrepare(set, height, "request " + height);
        Bytes digest = ((PrePrepare) proposal.prePrepare().message()).digest();
        int self = set.indexOf(selfId);
        Outputs last = self == set.primaryOf(0) ? null : step(new Input.FromPeer(set.primaryOf(0), proposal));
        for (int peer = 0; peer < set.size(); peer++) {
            if (peer != self && peer != set.primaryOf(0)) {
                last = from(set, new Prepare(set.epoch(), 0, height, digest, peer));
            }
        }
        for (int peer = 0; peer < set.size(); peer++) {
            if (peer != self) {
                last = from(set, new Commit(set.epoch(), 0, height, digest, peer));
            }
        }
        return last;
    }

    private Outputs commitAndExecute(ValidatorSet set, long fromHeight, long toHeight) {
        Outputs last = null;
        for (long height = fromHeight; height <= toHeight; height++) {
            commit(set, height);
            last = step(new Input.Executed(height, state(height)));
        }
        return last;
    }

    /** CHECKPOINTs of {@code height} from {@code peers} (positions in {@code set}); the outputs of the last one. */
    private Outputs checkpoints(ValidatorSet set, long height, int... peers) {
        Outputs last = null;
        for (int peer : peers) {
            last = from(set, new Checkpoint(set.epoch(), height, state(height), peer));
        }
        return last;
    }

    /** {@code member} hears of {@code next}, orders and executes heights 1..4 in epoch 0, then gets {@code peers}' CHECKPOINTs of 4. */
    private Outputs reachTheBoundary(String member, ValidatorSet next, int... peers) {
        start(member);
        step(new Input.EpochScheduled(next));
        commitAndExecute(GENESIS, 1, 4);
        return checkpoints(GENESIS, 4, peers);
    }

    @Test
    void quorumIsCeilingOfNPlusFPlusOneHalvesSoThatAnyTwoQuorumsShareFPlusOneMembers() {
        assertEquals(List.of(3, 4, 4, 5, 6, 6, 7), IntStream.rangeClosed(4, 10).map(n -> ValidatorSet.ofSize(n).quorum()).boxed().toList());
        for (int n = 1; n <= 40; n++) {
            ValidatorSet set = ValidatorSet.ofSize(n);
            assertTrue(2 * set.quorum() - n >= set.maxFaulty() + 1, "two quorums of " + n + " share an honest member");
            assertTrue(set.quorum() <= n - set.maxFaulty(), "the honest members of " + n + " alone make a quorum");
        }
    }

    @Test
    void theReplicaSwitchesAtTheStableCheckpointOfTheEpochsLastHeightAndJournalsItFirst() {
        start("replica-1");
        step(new Input.EpochScheduled(GROWN));
        commitAndExecute(GENESIS, 1, 4);
        assertEquals(0, replica.epoch(), "not before the checkpoint at height 4 is stable");

        Outputs stable = checkpoints(GENESIS, 4, 0, 2);

        assertEquals(1, replica.epoch());
        assertEquals(GROWN, replica.validators());
        assertEquals(0, replica.view(), "views restart at 0 in a new epoch");
        assertEquals(4, replica.stableHeight());
        List<DurableRecord.EpochEntered> entered = persisted(stable, DurableRecord.EpochEntered.class);
        assertEquals(1, entered.size());
        assertEquals(GROWN, entered.get(0).validators());
        assertEquals(4, entered.get(0).boundary().height());
        assertEquals(0, entered.get(0).boundary().epoch(), "the boundary is certified by the old set");
        assertTrue(stable.persist().indexOf(entered.get(0)) > stable.persist().indexOf(new DurableRecord.StableCheckpoint(4)));

        Outputs prepared = step(new Input.FromPeer(0, prePrepare(GROWN, 5, "request 5")));
        List<Prepare> prepares = sent(prepared, Prepare.class);
        assertEquals(1, prepares.size());
        assertEquals(1, prepares.get(0).epoch());
        assertEquals(1, prepares.get(0).replica());
        commit(GROWN, 5);
        commit(GROWN, 6);
        assertEquals(6, replica.lastDeliveredHeight(), "heights 5 and 6 commit in epoch 1");
        assertEquals(4, GROWN.quorum(), "five members: a quorum of 4");
    }

    @Test
    void nothingAboveTheEpochsLastHeightIsOrderedInTheOldEpoch() {
        start("replica-1");
        step(new Input.EpochScheduled(GROWN));
        Outputs out = step(new Input.FromPeer(0, prePrepare(GENESIS, 5, "too late for epoch 0")));
        assertEquals(List.of(RejectReason.OUTSIDE_WATERMARKS), out.rejected());
        assertTrue(out.send().isEmpty());
    }

    @Test
    void messagesOfAnOlderEpochAreRejectedAsStaleAndTheirSenderIsSentWhereThatEpochEnded() {
        reachTheBoundary("replica-1", GROWN, 0, 2);

        Outputs stale = from(GENESIS, new Commit(0, 0, 3, Bytes.ofLong(3), 3));
        assertEquals(List.of(RejectReason.STALE_EPOCH), stale.rejected());
        assertEquals(1L, replica.rejections().get(RejectReason.STALE_EPOCH));

        Outputs retransmitted = step(new Input.Tick(now + config.retransmitIntervalMillis()));
        List<Checkpoint> boundary = sent(retransmitted, Checkpoint.class).stream().filter(c -> c.epoch() == 0).toList();
        assertTrue(boundary.size() >= GENESIS.quorum(), "the proof of checkpoint 4 in epoch 0 goes out: " + boundary);
        assertTrue(boundary.stream().allMatch(c -> c.height() == 4));
    }

    @Test
    void everyRetransmissionAlsoAnnouncesWhereAnOlderEpochEndedForSilentObservers() {
        reachTheBoundary("replica-1", GROWN, 0, 2);
        Outputs retransmitted = step(new Input.Tick(now + config.retransmitIntervalMillis()));
        List<Checkpoint> boundary = sent(retransmitted, Checkpoint.class).stream().filter(c -> c.epoch() == 0).toList();
        assertTrue(boundary.size() >= GENESIS.quorum() && boundary.stream().allMatch(c -> c.height() == 4),
                "no stale message was heard, yet epoch 0's end goes out: " + boundary);
    }

    @Test
    void messagesOfTheNextEpochWaitForTheSwitch() {
        start("replica-1");
        step(new Input.EpochScheduled(GROWN));
        commitAndExecute(GENESIS, 1, 4);

        Outputs early = step(new Input.FromPeer(0, prePrepare(GROWN, 5, "first of epoch 1")));
        assertTrue(early.send().isEmpty() && early.rejected().isEmpty(), "held, not voted on, not refused");

        Outputs switched = checkpoints(GENESIS, 4, 0, 2);
        assertEquals(1, replica.epoch());
        assertEquals(1, sent(switched, Prepare.class).size(), "the held PRE-PREPARE is prepared once in epoch 1");
        assertEquals(1, sent(switched, Prepare.class).get(0).epoch());
    }

    @Test
    void anObserverSignsNothingButCommitsAndVotesFromTheEpochThatAddsIt() {
        start("replica-4");
        assertEquals(-1, replica.index());
        step(new Input.EpochScheduled(GROWN));
        for (long height = 1; height <= 4; height++) {
            Outputs out = commit(GENESIS, height);
            assertEquals(height, replica.lastDeliveredHeight(), "it follows the commits");
            out = step(new Input.Executed(height, state(height)));
            assertTrue(sent(out, Prepare.class).isEmpty() && sent(out, Commit.class).isEmpty()
                    && sent(out, Checkpoint.class).isEmpty(), "and signs nothing");
        }
        assertTrue(journal.stream().noneMatch(r -> r instanceof DurableRecord.OwnMessage));
        checkpoints(GENESIS, 4, 0, 1, 2);

        assertEquals(1, replica.epoch());
        assertEquals(4, replica.index());
        Outputs voted = step(new Input.FromPeer(0, prePrepare(GROWN, 5, "first of epoch 1")));
        assertEquals(List.of(new Prepare(1, 0, 5, ((PrePrepare) prePrepare(GROWN, 5, "first of epoch 1").prePrepare().message()).digest(), 4)),
                sent(voted, Prepare.class));
    }

    @Test
    void aRemovedValidatorStopsVotingAtItsLastEpochsEnd() {
        reachTheBoundary("replica-3", REPLACED, 0, 1);

        assertEquals(1, replica.epoch());
        assertEquals(-1, replica.index());
        Outputs out = commit(REPLACED, 5);
        assertEquals(5, replica.lastDeliveredHeight(), "it still follows the chain");
        out = step(new Input.Executed(5, state(5)));
        assertTrue(out.send().isEmpty(), "no CHECKPOINT for height 5");
        int entered = journal.indexOf(journal.stream().filter(r -> r instanceof DurableRecord.EpochEntered).findFirst().orElseThrow());
        step(new Input.ClientRequest(TestApplication.payload("waiting")));
        Outputs silence = step(new Input.Tick(now + 60_000));
        assertTrue(sent(silence, io.yantar.consensus.core.message.ViewChange.class).isEmpty(), "no view change from a non-member");
        assertTrue(journal.subList(entered, journal.size()).stream().noneMatch(r -> r instanceof DurableRecord.OwnMessage),
                "nothing signed in epoch 1");
    }

    @Test
    void theSwitchIsJournaledAndRestoredAfterACrash() {
        reachTheBoundary("replica-1", GROWN, 0, 2);
        step(new Input.FromPeer(0, prePrepare(GROWN, 5, "first of epoch 1")));

        List<DurableRecord> compacted = Journal.compact(journal);
        assertEquals(1, compacted.stream().filter(r -> r instanceof DurableRecord.EpochEntered).count());
        Replica restarted = Replica.restore(config, EpochHistory.of(GENESIS), selfId, application, keysOf(selfId), compacted, 4, now);

        assertEquals(1, restarted.epoch());
        assertEquals(GROWN, restarted.validators());
        assertEquals(4, restarted.stableHeight());
        Outputs again = restarted.step(new Input.FromPeer(0, prePrepare(GROWN, 5, "first of epoch 1")));
        assertTrue(sent(again, Prepare.class).isEmpty(), "it remembers its PREPARE for height 5 and does not vote again");
        Outputs other = restarted.step(new Input.FromPeer(0, prePrepare(GROWN, 5, "another proposal")));
        assertFalse(sent(other, Prepare.class).stream().anyMatch(p -> p.height() == 5), "and never votes two ways");
    }

    @Test
    void aRestartedReplicaThatMissedTheRecordSwitchesFromTheHistoryAndJournalsIt() {
        start("replica-1");
        commitAndExecute(GENESIS, 1, 4);
        checkpoints(GENESIS, 4, 0, 2); // stable at 4 before it heard of epoch 1
        assertEquals(0, replica.epoch());

        Replica restarted = Replica.restore(config, EpochHistory.of(List.of(GENESIS, GROWN)), selfId, application, keysOf(selfId),
                Journal.compact(journal), 4, now);
        assertEquals(1, restarted.epoch());
        Outputs first = restarted.step(new Input.Tick(now));
        assertEquals(1, persisted(first, DurableRecord.EpochEntered.class).size(), "the switch it derived is journaled");
    }

    @Test
    void anEpochMustStartJustAfterACheckpointHeight() {
        start("replica-1");
        assertThrows(IllegalStateException.class, () -> replica.step(new Input.EpochScheduled(set(1, 6, 0, 1, 2, 3, 4))));
        assertThrows(IllegalStateException.class, () -> replica.step(new Input.EpochScheduled(set(2, 9, 0, 1, 2, 3, 4))),
                "epochs follow one another");
    }
}
