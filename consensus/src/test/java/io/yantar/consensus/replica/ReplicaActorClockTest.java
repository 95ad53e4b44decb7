package io.yantar.consensus.replica;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.message.ProposalMessage;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.persistence.testkit.PersistenceTestKitPlugin;
import org.apache.pekko.persistence.testkit.PersistenceTestKitSnapshotPlugin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The live replica reads the clock for every batch of inputs, not only when a timer is due:
 * the core's timestamps (a proposal's, a request's arrival, a view's start) are those of the
 * moment it handles an input, as in the simulator.
 */
class ReplicaActorClockTest {
    private static final ActorTestKit TESTKIT = ActorTestKit.create(PersistenceTestKitPlugin.getInstance().config()
            .withFallback(PersistenceTestKitSnapshotPlugin.config()));

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void aRequestLongAfterTheLastTimerIsProposedWithTheTimeItArrived() {
        AtomicLong clock = new AtomicLong(1_000_000);
        TestProbe<Long> proposals = TESTKIT.createTestProbe();
        // No timer falls due within the test (an hour apart), so no tick moves the core's clock by itself.
        Config config = Config.defaults(ReplicaActorFixture.CHAIN).withBatch(1, 1)
                .withTimeouts(3_600_000, 3_600_000, 3_600_000, 3_600_000);
        ActorRef<ReplicaActor.Command> replica = TESTKIT.spawn(ReplicaActor.create(ReplicaActorFixture.setup("node-a", config,
                new ProposalTimestamps(proposals.ref()), clock::get, new AtomicLong())));
        replica.tell(new ReplicaActor.ClientRequests(List.of(ReplicaActorFixture.payload("at the start"))));
        assertEquals(1_000_000L, proposals.receiveMessage());

        clock.set(1_090_000); // 90 s later, with no timer in between
        replica.tell(new ReplicaActor.ClientRequests(List.of(ReplicaActorFixture.payload("90 s later"))));
        assertEquals(1_090_000L, proposals.receiveMessage(), "stamped when it arrived, not at the last timer");
    }

    /** Reports the timestamp of every proposal the replica sends. */
    private record ProposalTimestamps(ActorRef<Long> timestamps) implements ReplicaActorFixture.QuietEffects {
        @Override
        public void send(Outbound message) {
            if (message.message() instanceof ProposalMessage proposal) {
                timestamps.tell(proposal.proposal().timestampMillis());
            }
        }
    }
}
