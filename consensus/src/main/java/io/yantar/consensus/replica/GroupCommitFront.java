package io.yantar.consensus.replica;

import java.util.ArrayList;
import java.util.List;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sits before the event-sourced replica and gives it one batch at a time: the first command
 * goes at once; what arrives while that batch is being written and applied waits here and
 * goes next as one batch (at most {@code batchCommandsMax}), in arrival order. Status queries
 * bypass the queue. Stops when the replica stops, so its supervisor sees the failure.
 */
final class GroupCommitFront {
    private final ActorRef<ReplicaActor.Command> journaled;
    private final int batchCommandsMax;
    private List<ReplicaActor.Command> queued = new ArrayList<>();
    private boolean writing;

    private GroupCommitFront(ActorRef<ReplicaActor.Command> journaled, int batchCommandsMax) {
        this.journaled = journaled;
        this.batchCommandsMax = batchCommandsMax;
    }

    static Behavior<ReplicaActor.Command> create(ActorContext<ReplicaActor.Command> context,
                                                 ActorRef<ReplicaActor.Command> journaled, int batchCommandsMax) {
        context.watch(journaled);
        GroupCommitFront front = new GroupCommitFront(journaled, batchCommandsMax);
        return Behaviors.receive(ReplicaActor.Command.class)
                .onMessage(ReplicaActor.Command.class, front::onCommand)
                .onSignal(Terminated.class, stopped -> Behaviors.stopped())
                .build();
    }

    private Behavior<ReplicaActor.Command> onCommand(ReplicaActor.Command command) {
        if (command instanceof ReplicaActor.GetStatus) {
            journaled.tell(command);
        } else if (command == ReplicaActor.BatchDone.INSTANCE) {
            writing = false;
            sendQueued();
        } else {
            queued.add(command);
            if (!writing) {
                sendQueued();
            }
        }
        return Behaviors.same();
    }

    private void sendQueued() {
        if (queued.isEmpty()) {
            return;
        }
        List<ReplicaActor.Command> batch;
        if (queued.size() <= batchCommandsMax) {
            batch = queued;
            queued = new ArrayList<>();
        } else {
            batch = new ArrayList<>(queued.subList(0, batchCommandsMax));
            queued = new ArrayList<>(queued.subList(batchCommandsMax, queued.size()));
        }
        writing = true;
        journaled.tell(new ReplicaActor.Batch(batch));
    }
}
