package io.yantar.consensus.replica;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Sits before the event-sourced replica and gives it one batch at a time: the first command
 * goes at once; what arrives while that batch is being written and applied waits here and
 * goes next as one batch (at most {@code batchCommandsMax}), in arrival order. Status queries
 * bypass the queue.
 *
 * <p>A replica that failed and restarted from its journal lost the batch it was handling (its
 * commands are dropped like lost messages: peers re-send, clients retry); it says
 * {@link ReplicaActor.Restarted} once recovered, and the front sends the next batch instead of
 * waiting for a {@link ReplicaActor.BatchDone} that will never come. Stops when the replica stops
 * for good, saying why through {@code onStopped} (once).
 */
final class GroupCommitFront {
    private final ActorRef<ReplicaActor.Command> journaled;
    private final int batchCommandsMax;
    private final Consumer<String> onStopped;
    private List<ReplicaActor.Command> queued = new ArrayList<>();
    private boolean writing;
    private boolean stopReported;

    private GroupCommitFront(ActorRef<ReplicaActor.Command> journaled, int batchCommandsMax, Consumer<String> onStopped) {
        this.journaled = journaled;
        this.batchCommandsMax = batchCommandsMax;
        this.onStopped = onStopped;
    }

    static Behavior<ReplicaActor.Command> create(ActorContext<ReplicaActor.Command> context,
                                                 ActorRef<ReplicaActor.Command> journaled, int batchCommandsMax,
                                                 Consumer<String> onStopped) {
        context.watch(journaled);
        GroupCommitFront front = new GroupCommitFront(journaled, batchCommandsMax, onStopped);
        return Behaviors.receive(ReplicaActor.Command.class)
                .onMessage(ReplicaActor.Command.class, front::onCommand)
                .onSignal(ChildFailed.class, failed -> front.stop(context, failed.getCause() instanceof IllegalStateException
                        ? "the replica stopped on a broken invariant: " + failed.getCause().getMessage()
                        : "the replica stopped: " + failed.getCause()))
                .onSignal(Terminated.class, stopped -> front.stop(context, "the replica stopped"))
                .onSignal(PostStop.class, stopped -> {
                    front.report("the replica stopped with its node");
                    return Behaviors.same();
                })
                .build();
    }

    private Behavior<ReplicaActor.Command> stop(ActorContext<ReplicaActor.Command> context, String reason) {
        if (!stopReported) {
            context.getLog().error("{}; it does not restart by itself (restart the node after finding the cause)", reason);
        }
        report(reason);
        return Behaviors.stopped();
    }

    private void report(String reason) {
        if (!stopReported) {
            stopReported = true;
            onStopped.accept(reason);
        }
    }

    private Behavior<ReplicaActor.Command> onCommand(ReplicaActor.Command command) {
        if (command instanceof ReplicaActor.GetStatus) {
            journaled.tell(command);
        } else if (command == ReplicaActor.BatchDone.INSTANCE || command == ReplicaActor.Restarted.INSTANCE) {
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
