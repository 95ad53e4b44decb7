package io.yantar.consensus.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Status;
import io.yantar.consensus.core.message.ForwardedRequests;
import java.time.Duration;
import java.util.List;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The group-commit front: one batch in flight, what arrives meanwhile goes next as one batch. */
class GroupCommitFrontTest {
    private static final ActorTestKit TESTKIT = ActorTestKit.create();
    private static final Duration QUIET = Duration.ofMillis(200);

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void commandsArrivingDuringAWriteGoTogetherInOrder() {
        TestProbe<ReplicaActor.Command> journaled = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> front = front(journaled, 10);
        ReplicaActor.Command first = command(1);
        ReplicaActor.Command second = command(2);
        ReplicaActor.Command third = command(3);

        front.tell(first);
        assertEquals(List.of(first), journaled.expectMessageClass(ReplicaActor.Batch.class).commands(), "an idle replica gets it at once");
        front.tell(second);
        front.tell(third);
        journaled.expectNoMessage(QUIET);

        front.tell(ReplicaActor.BatchDone.INSTANCE);
        assertEquals(List.of(second, third), journaled.expectMessageClass(ReplicaActor.Batch.class).commands());
        front.tell(ReplicaActor.BatchDone.INSTANCE);
        journaled.expectNoMessage(QUIET);
    }

    @Test
    void aLongQueueIsSplitIntoBoundedBatches() {
        TestProbe<ReplicaActor.Command> journaled = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> front = front(journaled, 2);
        for (int i = 0; i < 5; i++) {
            front.tell(command(i));
        }
        assertEquals(1, journaled.expectMessageClass(ReplicaActor.Batch.class).commands().size());
        front.tell(ReplicaActor.BatchDone.INSTANCE);
        assertEquals(List.of(command(1), command(2)), journaled.expectMessageClass(ReplicaActor.Batch.class).commands());
        front.tell(ReplicaActor.BatchDone.INSTANCE);
        assertEquals(List.of(command(3), command(4)), journaled.expectMessageClass(ReplicaActor.Batch.class).commands());
    }

    @Test
    void statusQueriesDoNotWaitForTheWrite() {
        TestProbe<ReplicaActor.Command> journaled = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> front = front(journaled, 10);
        front.tell(command(1));
        journaled.expectMessageClass(ReplicaActor.Batch.class);

        TestProbe<Status> asker = TESTKIT.createTestProbe();
        front.tell(new ReplicaActor.GetStatus(asker.ref()));
        journaled.expectMessageClass(ReplicaActor.GetStatus.class);
    }

    @Test
    void aRestartedReplicaGetsTheNextBatchWithoutTheLostAcknowledgement() {
        TestProbe<ReplicaActor.Command> journaled = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> front = front(journaled, 10);
        front.tell(command(1));
        journaled.expectMessageClass(ReplicaActor.Batch.class);
        front.tell(command(2));
        journaled.expectNoMessage(QUIET);

        front.tell(ReplicaActor.Restarted.INSTANCE); // the replica failed on batch 1: no BatchDone will come for it
        assertEquals(List.of(command(2)), journaled.expectMessageClass(ReplicaActor.Batch.class).commands());
    }

    @Test
    void theFrontStopsWithTheReplicaAndSaysWhy() {
        TestProbe<String> reasons = TESTKIT.createTestProbe();
        ActorRef<ReplicaActor.Command> front = TESTKIT.spawn(Behaviors.setup(context -> GroupCommitFront.create(context,
                context.spawn(Behaviors.<ReplicaActor.Command>receiveMessage(command -> {
                    throw new IllegalStateException("primary 0 would propose twice");
                }), "journaled"), 10, reasons.ref()::tell)));
        front.tell(command(1));
        TESTKIT.createTestProbe().expectTerminated(front);
        assertEquals("the replica stopped on a broken invariant: primary 0 would propose twice", reasons.receiveMessage());
        reasons.expectNoMessage(QUIET);
    }

    private static ActorRef<ReplicaActor.Command> front(TestProbe<ReplicaActor.Command> journaled, int batchCommandsMax) {
        return TESTKIT.spawn(Behaviors.setup(context -> GroupCommitFront.create(context, journaled.ref(), batchCommandsMax, reason -> { })));
    }

    private static ReplicaActor.Command command(int peer) {
        return new ReplicaActor.FromPeer(peer, new ForwardedRequests(List.of(Bytes.ofLong(peer))));
    }
}
