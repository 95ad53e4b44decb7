package io.yantar.node.consensus;

import io.yantar.consensus.core.Status;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.node.ConsensusStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * The replica's status for {@code GET /v1/status}, without blocking the caller: each read
 * returns the latest answer and asks the replica for a fresh one.
 */
final class ConsensusStatusSource {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration FRESH_WAIT = Duration.ofMillis(300);

    private final AtomicReference<ActorRef<ReplicaActor.Command>> replica;
    private final ReplicaHealth health;
    /** The replica's current validator set (it changes at epoch switches). */
    private final java.util.function.Supplier<List<String>> members;
    private final ActorSystem<?> system;
    private final AtomicReference<Status> latest = new AtomicReference<>();

    ConsensusStatusSource(AtomicReference<ActorRef<ReplicaActor.Command>> replica, ReplicaHealth health,
                          java.util.function.Supplier<List<String>> members,
                          ActorSystem<?> system) {
        this.replica = replica;
        this.health = health;
        this.members = members;
        this.system = system;
    }

    /** A fresh answer when the replica replies within {@code FRESH_WAIT}, else the last one known. */
    Optional<ConsensusStatus> latest() {
        Optional<String> notRunning = health.notRunningBecause();
        if (notRunning.isPresent()) {
            // A stopped or restarting replica cannot answer: say why, with the last view it reported.
            Status last = latest.get();
            return Optional.of(new ConsensusStatus(last == null ? 0 : last.view(), last == null ? name(0) : name(last.primary()),
                    notRunning.get(), List.of()));
        }
        ActorRef<ReplicaActor.Command> target = replica.get();
        if (target != null) {
            CompletableFuture<Status> asked = AskPattern.<ReplicaActor.Command, Status>ask(target, ReplicaActor.GetStatus::new,
                    ASK_TIMEOUT, system.scheduler()).toCompletableFuture();
            asked.thenAccept(latest::set);
            try {
                latest.set(asked.get(FRESH_WAIT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (TimeoutException | ExecutionException slow) {
                // answer with the last known status; the ask still updates it when it completes
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        Status status = latest.get();
        return status == null ? Optional.empty() : Optional.of(toApi(status));
    }

    private ConsensusStatus toApi(Status status) {
        List<ConsensusStatus.SilentValidator> silent = new ArrayList<>();
        for (Status.PeerStatus peer : status.peers()) {
            if (peer.silent()) {
                silent.add(new ConsensusStatus.SilentValidator(name(peer.replica()), peer.lastView()));
            }
        }
        String why = "";
        if (status.viewChanging()) {
            why = "changing view to " + status.view() + "; waiting for a quorum of view changes or the new primary's NEW-VIEW";
        } else if (!silent.isEmpty() && silent.size() > (members.get().size() - 1) / 3) {
            why = "more than f validators are silent, so no quorum can form";
        }
        return new ConsensusStatus(status.view(), name(status.primary()), why, silent);
    }

    /** The node at {@code position} of the current set (just at an epoch switch the set may lag the replica by a message). */
    private String name(int position) {
        List<String> current = members.get();
        return position >= 0 && position < current.size() ? current.get(position) : "validator " + position;
    }
}
