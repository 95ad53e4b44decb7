package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.node.ConsensusStatus;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.typed.ActorRef;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** What readiness and /v1/status say about a replica that restarts or stopped for good. */
class ReplicaHealthTest {
    private static final ActorTestKit TESTKIT = ActorTestKit.create();
    private static final List<String> MEMBERS = List.of("node-1", "node-2", "node-3", "node-4");

    @AfterAll
    static void stop() {
        TESTKIT.shutdownTestKit();
    }

    @Test
    void aRestartingReplicaIsNotReadyUntilItRecovered() {
        ReplicaHealth health = new ReplicaHealth();
        assertEquals(Optional.empty(), health.notRunningBecause());
        health.restarting();
        assertEquals(Optional.of("the replica failed and is restarting from its journal"), health.notRunningBecause());
        health.recovered();
        assertEquals(Optional.empty(), health.notRunningBecause());
    }

    @Test
    void aStoppedReplicaKeepsTheFirstReasonInReadinessAndStatus() {
        ReplicaHealth health = new ReplicaHealth();
        health.stopped("the replica stopped on a broken invariant: replica 0 executed height 5 after 0");
        health.stopped("the replica stopped with its node");
        health.recovered();
        String reason = "the replica stopped on a broken invariant: replica 0 executed height 5 after 0";
        assertEquals(Optional.of(reason), health.notRunningBecause());

        AtomicReference<ActorRef<ReplicaActor.Command>> deadReplica = new AtomicReference<>(TESTKIT.createTestProbe(
                ReplicaActor.Command.class).ref());
        ConsensusStatus status = new ConsensusStatusSource(deadReplica, health, () -> MEMBERS, TESTKIT.system()).latest().orElseThrow();
        assertEquals(reason, status.notCommittingBecause());
    }
}
