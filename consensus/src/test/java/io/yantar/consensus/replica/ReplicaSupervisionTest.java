package io.yantar.consensus.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.ProposalMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.apache.pekko.persistence.testkit.javadsl.PersistenceTestKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The live replica under failure: a failed journal write restarts it from its journal (and the
 * group-commit front goes on without the lost acknowledgement), while a broken invariant stops
 * it for good and says why.
 */
class ReplicaSupervisionTest {
    private static final ActorTestKit TESTKIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
            .withFallback(PersistenceTestKitSnapshotPlugin.config()));
    private static final PersistenceTestKit JOURNAL = PersistenceTestKit.create(TESTKIT.system());
    private static final Duration RESTARTED_WITHIN = ReplicaActor.RESTART_BACKOFF_MAX.plusSeconds(5);
    private static final Duration QUIET = Duration.ofMillis(300);

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @BeforeEach
    void emptyJournal() {
        JOURNAL.clearAll();
    }

    @Test
    void aFailedJournalWriteRestartsTheReplicaFromItsJournalAndItProposesAgain() {
        TestProbe<String> events = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> replica = TESTKIT.spawn(ReplicaActor.create(setup("node-a", events, new AtomicLong())));
        assertEquals("recovered", events.receiveMessage());

        JOURNAL.failNextPersisted("replica|node-a");
        replica.tell(new ReplicaActor.ClientRequests(List.of(payload("lost with the failed write"))));
        assertEquals("restarting", events.receiveMessage(RESTARTED_WITHIN), "the failed pre-prepare write restarts the replica");
        assertEquals("recovered", events.receiveMessage(RESTARTED_WITHIN));
        assertTrue(JOURNAL.persistedInStorage("replica|node-a").isEmpty(), "nothing of the failed write is in the journal");

        replica.tell(new ReplicaActor.ClientRequests(List.of(payload("after the restart"))));
        assertEquals("pre-prepare height 1", events.receiveMessage(RESTARTED_WITHIN),
                "the restarted replica takes the next batch although the failed one was never acknowledged");
        assertFalse(JOURNAL.persistedInStorage("replica|node-a").isEmpty(), "its pre-prepare was written before it was sent");
    }

    @Test
    void aRestartReReadsTheJournalSoTheReplicaNeverProposesAHeightTwice() {
        TestProbe<String> events = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> replica = TESTKIT.spawn(ReplicaActor.create(setup("node-b", events, new AtomicLong())));
        assertEquals("recovered", events.receiveMessage());
        replica.tell(new ReplicaActor.ClientRequests(List.of(payload("first"))));
        assertEquals("pre-prepare height 1", events.receiveMessage());

        JOURNAL.failNextPersisted("replica|node-b");
        replica.tell(new ReplicaActor.ClientRequests(List.of(payload("second, lost"))));
        assertEquals("restarting", events.receiveMessage(RESTARTED_WITHIN));
        assertEquals("recovered", events.receiveMessage(RESTARTED_WITHIN));

        replica.tell(new ReplicaActor.ClientRequests(List.of(payload("third"))));
        assertEquals("pre-prepare height 2", nextNewProposal(events),
                "height 1 is in the journal it re-read, so the next proposal is height 2");
    }

    @Test
    void aFailedJournalReadAtStartIsRetriedAndTheReplicaResumesFromItsJournal() {
        TestProbe<String> events = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> first = TESTKIT.spawn(ReplicaActor.create(setup("node-d", events, new AtomicLong())));
        assertEquals("recovered", events.receiveMessage());
        first.tell(new ReplicaActor.ClientRequests(List.of(payload("first"))));
        assertEquals("pre-prepare height 1", events.receiveMessage());
        TESTKIT.stop(first);
        events.receiveMessage(); // the front reports the stop of its node

        JOURNAL.failNextRead("replica|node-d");
        ActorRef<ReplicaActor.Command> second = TESTKIT.spawn(ReplicaActor.create(setup("node-d", events, new AtomicLong())));
        assertEquals("restarting", events.receiveMessage(RESTARTED_WITHIN));
        assertEquals("recovered", events.receiveMessage(RESTARTED_WITHIN));
        second.tell(new ReplicaActor.ClientRequests(List.of(payload("second"))));
        assertEquals("pre-prepare height 2", nextNewProposal(events));
    }

    /** The next event that is not a re-send of the height-1 pre-prepare the replica recovered from its journal. */
    private static String nextNewProposal(TestProbe<String> events) {
        String event = events.receiveMessage(RESTARTED_WITHIN);
        while (event.equals("pre-prepare height 1")) {
            event = events.receiveMessage(RESTARTED_WITHIN);
        }
        return event;
    }

    @Test
    void aBrokenInvariantStopsTheReplicaForGoodAndSaysWhy() {
        TestProbe<String> events = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> replica = TESTKIT.spawn(ReplicaActor.create(setup("node-c", events, new AtomicLong())));
        assertEquals("recovered", events.receiveMessage());

        replica.tell(new ReplicaActor.Executed(5, Bytes.ofLong(5))); // nothing was delivered: the core refuses loudly
        String stopped = events.receiveMessage();
        assertTrue(stopped.startsWith("stopped: the replica stopped on a broken invariant: replica 0 executed height 5"), stopped);
        TESTKIT.createTestProbe().expectTerminated(replica);
        events.expectNoMessage(QUIET);
    }

    private static ReplicaActor.Setup setup(String nodeId, TestProbe<String> events, AtomicLong executedHeight) {
        // one request is a whole batch: proposed as it arrives
        return ReplicaActorFixture.setup(nodeId, Config.defaults(ReplicaActorFixture.CHAIN).withBatch(1, 1),
                new RecordingEffects(events.ref()), System::currentTimeMillis, executedHeight);
    }

    private static Bytes payload(String text) {
        return ReplicaActorFixture.payload(text);
    }

    /** Reports what the test watches: pre-prepares sent, restarts, recoveries, stops. */
    private record RecordingEffects(ActorRef<String> events) implements ReplicaActorFixture.QuietEffects {
        @Override
        public void send(Outbound message) {
            if (message.message() instanceof ProposalMessage proposal && proposal.prePrepare().message() instanceof PrePrepare prePrepare) {
                events.tell("pre-prepare height " + prePrepare.height());
            }
        }

        @Override
        public void restarting() {
            events.tell("restarting");
        }

        @Override
        public void recovered() {
            events.tell("recovered");
        }

        @Override
        public void stopped(String reason) {
            events.tell("stopped: " + reason);
        }
    }
}
