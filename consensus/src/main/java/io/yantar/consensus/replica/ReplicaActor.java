package io.yantar.consensus.replica;

import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.Input;
import io.yantar.consensus.core.Journal;
import io.yantar.consensus.core.Outputs;
import io.yantar.consensus.core.Replica;
import io.yantar.consensus.core.Status;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.proto.ReplicaJournalSnapshot;
import io.yantar.proto.ReplicaRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.BackoffSupervisorStrategy;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PreRestart;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.RecoveryCompleted;
import org.apache.pekko.persistence.typed.SnapshotAdapter;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.Effect;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;
import org.apache.pekko.persistence.typed.javadsl.RetentionCriteria;
import org.apache.pekko.persistence.typed.javadsl.SignalHandler;

/**
 * Runs the pure PBFT core as a live replica. Thin by design: every input goes to
 * {@link Replica#step}; of the outputs, the must-be-durable records are persisted as journal
 * events first, and only then are messages sent, blocks handed to the application and timers
 * set (persist before send). At start the journal is replayed into {@link Replica#restore}, so a
 * restarted replica never signs two different things for one (view, height).
 *
 * <p>Group commit: {@link #create} puts a small front actor before the event-sourced one. While
 * a journal write is in flight the front queues what arrives, then hands it over as one batch:
 * the core steps through the batch and its durable records go to the journal in one write,
 * instead of one write per message (and every other message stashed meanwhile). Persist before
 * send still holds: the batch's messages leave after its single write.
 *
 * <p>The journal stays bounded: the records are compacted at every stable checkpoint
 * ({@link Journal#compact}) and a snapshot of the compacted records is taken every
 * {@code snapshotEveryEvents} events, after which older events are deleted.
 *
 * <p>Supervision: a failed journal write or read, or any exception in a handler other than
 * {@link IllegalStateException}, restarts the replica after a backoff ({@link #RESTART_BACKOFF_MIN}
 * doubling up to {@link #RESTART_BACKOFF_MAX}); the restarted replica re-reads its journal, so it
 * never contradicts what it signed before, and takes the executed height afresh from the
 * application. An {@link IllegalStateException} is the core's "broken invariant, stop loudly":
 * the replica stays stopped and {@link ReplicaEffects#stopped} says why (the node reports it
 * as not ready).
 */
public final class ReplicaActor extends EventSourcedBehavior<ReplicaActor.Command, ReplicaRecord, ReplicaActor.JournalState> {

    public sealed interface Command {
    }

    /** A peer's message, decoded at the edge; {@code sender} is the transport's claim. */
    public record FromPeer(int sender, PeerMessage message) implements Command {
    }

    /** Client request payloads received by this node. */
    public record ClientRequests(List<Bytes> payloads) implements Command {
    }

    /** The application executed {@code height}; {@code blockHash} certifies its result. */
    public record Executed(long height, Bytes blockHash) implements Command {
    }

    /**
     * The ledger executed the block that schedules {@code next}: told before that block's
     * {@link Executed} (and before {@link StateTransferred} when a transfer passed it).
     */
    public record EpochScheduled(ValidatorSet next) implements Command {
    }

    /** State transfer brought the application to {@code height}. */
    public record StateTransferred(long height, Bytes blockHash, CheckpointCertificate certificate) implements Command {
    }

    /** The core's status, for the node's status API. */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    /** Commands the front queued while the previous batch was being written, in arrival order. */
    record Batch(List<Command> commands) implements Command {
        Batch {
            commands = List.copyOf(commands);
        }
    }

    /** The batch's records are durable and its outputs applied: the front may send the next. */
    enum BatchDone implements Command {
        INSTANCE
    }

    /**
     * The replica failed, restarted and replayed its journal; the batch it was handling is lost,
     * so the front sends the next one instead of waiting for its {@link BatchDone}.
     */
    enum Restarted implements Command {
        INSTANCE
    }

    static final Duration RESTART_BACKOFF_MIN = Duration.ofMillis(200);
    static final Duration RESTART_BACKOFF_MAX = Duration.ofSeconds(10);
    private static final double RESTART_BACKOFF_RANDOM_FACTOR = 0.2;

    /** Most commands in one batch, so one write never holds up the replica for long. */
    static final int BATCH_COMMANDS_MAX = 1_000;

    /**
     * What the replica needs. {@code executedHeight} gives the height the application has already
     * executed; it is read whenever the replica (re)starts, since a restart after a failure must
     * not replay blocks the application executed meanwhile. {@code epochs} gives the validator
     * sets the ledger knows, also read at every (re)start; {@code nodeId} is this node's member id
     * in them (a node outside the current set is an observer).
     */
    public record Setup(String nodeId, Config config, Supplier<EpochHistory> epochs, Application application,
                        Authenticator authenticator, RecordCodec codec, ReplicaEffects effects, LongSupplier clockMillis,
                        LongSupplier executedHeight, int snapshotEveryEvents) {
    }

    /** The compacted journal, and the live core once recovery is complete. */
    public static final class JournalState {
        private List<DurableRecord> records = new ArrayList<>();
        private Replica core;

        /** Back to empty: recovery after a journal failure starts again from this very object (see onRestarting). */
        private void clear() {
            records = new ArrayList<>();
            core = null;
        }
    }

    private final Setup setup;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private final ActorRef<Command> front;
    /** Recoveries of this replica, shared by the instances its restarts create. */
    private final AtomicInteger recoveries;
    private long reportedView;
    private boolean reportedChanging;
    private long reportedStalledMillis;
    /** The epoch last reported to {@link ReplicaEffects#epochEntered} (-1: none since the (re)start). */
    private long reportedEpoch = -1;

    /** The replica: a group-commit front ({@link GroupCommitFront}) with the event-sourced replica as its child. */
    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> {
            ActorRef<Command> front = context.getSelf();
            AtomicInteger recoveries = new AtomicInteger();
            ActorRef<Command> journaled = context.spawn(supervised(Behaviors.<Command>setup(child -> Behaviors.withTimers(
                    timers -> new ReplicaActor(setup, child, timers, front, recoveries)))), "journaled");
            return GroupCommitFront.create(context, journaled, BATCH_COMMANDS_MAX, setup.effects()::stopped);
        });
    }

    /** A broken invariant (IllegalStateException) stops the replica for good; any other exception restarts it. */
    private static Behavior<Command> supervised(Behavior<Command> replica) {
        Behavior<Command> stopsOnBrokenInvariant = Behaviors.supervise(replica)
                .onFailure(IllegalStateException.class, SupervisorStrategy.stop());
        return Behaviors.supervise(stopsOnBrokenInvariant).onFailure(Exception.class, restartBackoff());
    }

    private static BackoffSupervisorStrategy restartBackoff() {
        return SupervisorStrategy.restartWithBackoff(RESTART_BACKOFF_MIN, RESTART_BACKOFF_MAX, RESTART_BACKOFF_RANDOM_FACTOR);
    }

    private ReplicaActor(Setup setup, ActorContext<Command> context, TimerScheduler<Command> timers, ActorRef<Command> front,
                         AtomicInteger recoveries) {
        // Journal failures (write or replay) restart the event-sourced part only, with backoff (see onRestarting).
        super(PersistenceId.of("replica", setup.nodeId()), restartBackoff());
        this.setup = setup;
        this.context = context;
        this.timers = timers;
        this.front = front;
        this.recoveries = recoveries;
    }

    @Override
    public JournalState emptyState() {
        return new JournalState();
    }

    @Override
    public CommandHandler<Command, ReplicaRecord, JournalState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(Batch.class, this::onBatch)
                .onCommand(Tick.class, (state, command) -> step(state, new Input.Tick(setup.clockMillis().getAsLong())))
                .onCommand(GetStatus.class, (state, command) -> Effect().none().thenReply(command.replyTo(), s -> s.core.status()))
                .build();
    }

    private static void stepClientRequests(Replica core, ClientRequests command, List<DurableRecord> persist, List<Outputs> all) {
        for (Bytes payload : command.payloads()) {
            Outputs outputs = core.step(new Input.ClientRequest(payload));
            persist.addAll(outputs.persist());
            all.add(outputs);
        }
    }

    /**
     * Steps the core through every queued command; their records are written together, then all
     * is applied. The core knows the time only from ticks, so the batch starts with one: without
     * it a NEW-VIEW, request or proposal handled seconds after the last timer was stamped with
     * that timer's time, and a replica entering a view late suspected the new primary at once
     * (the simulator ticks before every input the same way).
     */
    private Effect<ReplicaRecord, JournalState> onBatch(JournalState state, Batch batch) {
        List<DurableRecord> persist = new ArrayList<>();
        List<Outputs> all = new ArrayList<>(batch.commands().size() + 1);
        Outputs ticked = state.core.step(new Input.Tick(setup.clockMillis().getAsLong()));
        reportStall(state.core);
        reportViewChange(state.core);
        persist.addAll(ticked.persist());
        all.add(ticked);
        for (Command command : batch.commands()) {
            if (command instanceof ClientRequests requests) {
                stepClientRequests(state.core, requests, persist, all);
                continue;
            }
            Outputs outputs = state.core.step(toInput(command));
            reportViewChange(state.core);
            persist.addAll(outputs.persist());
            all.add(outputs);
        }
        return persistThenApply(persist, all, () -> front.tell(BatchDone.INSTANCE));
    }

    private Input toInput(Command command) {
        if (command instanceof FromPeer peer) {
            return new Input.FromPeer(peer.sender(), peer.message());
        } else if (command instanceof Executed executed) {
            return new Input.Executed(executed.height(), executed.blockHash());
        } else if (command instanceof StateTransferred transferred) {
            return new Input.StateTransferred(transferred.height(), transferred.blockHash(), transferred.certificate());
        } else if (command instanceof EpochScheduled scheduled) {
            return new Input.EpochScheduled(scheduled.next());
        }
        throw new IllegalStateException("not a batched command: " + command);
    }

    private Effect<ReplicaRecord, JournalState> step(JournalState state, Input input) {
        Outputs outputs = state.core.step(input);
        reportStall(state.core);
        reportViewChange(state.core);
        return persistThenApply(outputs.persist(), List.of(outputs), () -> { });
    }

    /** One log line per stall the core detected (only ticks detect them). */
    private void reportStall(Replica core) {
        long stalled = core.stalledMillis() - reportedStalledMillis;
        if (stalled <= 0) {
            return;
        }
        reportedStalledMillis = core.stalledMillis();
        context.getLog().warn("replica {} was not running for {} ms (a GC pause or CPU starvation?): that time is not counted"
                + " against the primary", setup.nodeId(), stalled);
        setup.effects().stalled(stalled);
    }

    /** One log line per view change started and per view entered. */
    private void reportViewChange(Replica core) {
        if (core.view() == reportedView && core.viewChanging() == reportedChanging) {
            return;
        }
        reportedView = core.view();
        reportedChanging = core.viewChanging();
        if (reportedChanging) {
            context.getLog().warn("view change: {} moves to view {} (primary {}): {}", setup.nodeId(), reportedView,
                    core.validators().members().get(core.validators().primaryOf(reportedView)), core.lastViewChangeCause());
        } else {
            context.getLog().info("entered view {}: primary is {}", reportedView,
                    core.validators().members().get(core.validators().primaryOf(reportedView)));
        }
        setup.effects().viewChanged(reportedView, reportedChanging);
    }

    private Effect<ReplicaRecord, JournalState> persistThenApply(List<DurableRecord> persist, List<Outputs> outputs, Runnable then) {
        if (persist.isEmpty()) {
            return Effect().none().thenRun(state -> {
                apply(state.core, outputs);
                then.run();
            });
        }
        List<ReplicaRecord> events = new ArrayList<>(persist.size());
        for (DurableRecord record : persist) {
            events.add(setup.codec().encode(record));
        }
        setup.effects().persisting(persist);
        return Effect().persist(events).thenRun(state -> {
            setup.effects().persisted(persist);
            apply(state.core, outputs);
            then.run();
        });
    }

    /** Runs once the records of these outputs are durable; a new epoch is reported before anything is sent. */
    private void apply(Replica core, List<Outputs> outputs) {
        long deadline = Long.MAX_VALUE;
        ReplicaEffects effects = setup.effects();
        if (core != null && core.epoch() != reportedEpoch) {
            reportedEpoch = core.epoch();
            context.getLog().info("epoch {}: validators {}, this node {}", reportedEpoch, core.validators().members(),
                    core.index() < 0 ? "observes" : "is validator " + core.index());
            effects.epochEntered(core.validators());
        }
        Map<Integer, List<Bytes>> forwarded = new LinkedHashMap<>();
        for (Outputs output : outputs) {
            for (Outbound message : output.send()) {
                if (message.message() instanceof ForwardedRequests requests) {
                    forwarded.computeIfAbsent(message.to(), to -> new ArrayList<>()).addAll(requests.payloads());
                } else {
                    effects.send(message);
                }
            }
            output.committed().forEach(effects::committed);
            output.stableCheckpoints().forEach(effects::checkpointStable);
            output.fetches().forEach(effects::fetchState);
            output.rejected().forEach(effects::rejected);
            deadline = Math.min(deadline, output.nextDeadlineMillis());
        }
        // Requests forwarded while handling one batch of client requests travel as one message per peer,
        // cut at the batch size peers accept: a larger one was refused whole (BATCH_TOO_LARGE).
        forwarded.forEach((to, payloads) -> forwardedMessages(payloads, setup.config().maxBatchTxs())
                .forEach(message -> effects.send(new Outbound(to, message))));
        scheduleTick(deadline);
    }

    /** {@code payloads} in messages of at most {@code maxPerMessage}, in order. */
    static List<ForwardedRequests> forwardedMessages(List<Bytes> payloads, int maxPerMessage) {
        List<ForwardedRequests> messages = new ArrayList<>((payloads.size() + maxPerMessage - 1) / maxPerMessage);
        for (int from = 0; from < payloads.size(); from += maxPerMessage) {
            messages.add(new ForwardedRequests(payloads.subList(from, Math.min(payloads.size(), from + maxPerMessage)))); // the record copies
        }
        return messages;
    }

    private void scheduleTick(long deadlineMillis) {
        if (deadlineMillis == Long.MAX_VALUE) {
            return;
        }
        long delayMillis = Math.max(1, deadlineMillis - setup.clockMillis().getAsLong());
        timers.startSingleTimer(Tick.INSTANCE, Tick.INSTANCE, Duration.ofMillis(delayMillis));
    }

    @Override
    public EventHandler<JournalState, ReplicaRecord> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            state.records.add(setup.codec().decode(event));
            if (event.hasStableCheckpoint()) {
                state.records = Journal.compact(state.records);
            }
            return state;
        });
    }

    @Override
    public SignalHandler<JournalState> signalHandler() {
        return newSignalHandlerBuilder()
                .onSignal(RecoveryCompleted.instance(), this::onRecovered)
                .onSignal(PreRestart.instance(), this::onRestarting)
                .build();
    }

    /**
     * A journal failure restarts the event-sourced behaviour with the object {@link #emptyState}
     * returned once, which this state is, unless it came from a snapshot. It holds the records
     * of the failed write (events are applied before they are durable) and the old core: clear
     * it, so recovery rebuilds both from the journal alone.
     */
    private void onRestarting(JournalState state) {
        state.clear();
        context.getLog().warn("replica {} failed (cause logged above); restarting from its journal in {} to {}",
                setup.nodeId(), RESTART_BACKOFF_MIN, RESTART_BACKOFF_MAX);
        setup.effects().restarting();
    }

    private void onRecovered(JournalState state) {
        long now = setup.clockMillis().getAsLong();
        long executedHeight = setup.executedHeight().getAsLong();
        state.records = Journal.compact(state.records);
        EpochHistory epochs = setup.epochs().get();
        state.core = state.records.isEmpty()
                ? Replica.create(setup.config(), epochs, setup.nodeId(), setup.application(), setup.authenticator(), now)
                : Replica.restore(setup.config(), epochs, setup.nodeId(), setup.application(), setup.authenticator(),
                        state.records, executedHeight, now);
        reportedEpoch = -1;
        int restarts = recoveries.getAndIncrement();
        context.getLog().info("replica {} ready{}: view {}, executed height {}, {} journal records replayed",
                setup.nodeId(), restarts == 0 ? "" : " after restart " + restarts, state.core.view(), executedHeight,
                state.records.size());
        reportedView = state.core.view();
        reportedChanging = state.core.viewChanging();
        if (restarts > 0) {
            front.tell(Restarted.INSTANCE);
        }
        setup.effects().recovered();
        context.getSelf().tell(Tick.INSTANCE);
    }

    @Override
    public RetentionCriteria retentionCriteria() {
        return RetentionCriteria.snapshotEvery(setup.snapshotEveryEvents(), 2).withDeleteEventsOnSnapshot();
    }

    @Override
    public SnapshotAdapter<JournalState> snapshotAdapter() {
        return new SnapshotAdapter<>() {
            @Override
            public Object toJournal(JournalState state) {
                ReplicaJournalSnapshot.Builder snapshot = ReplicaJournalSnapshot.newBuilder();
                for (DurableRecord record : Journal.compact(state.records)) {
                    snapshot.addRecords(setup.codec().encode(record));
                }
                return snapshot.build();
            }

            @Override
            public JournalState fromJournal(Object from) {
                JournalState state = new JournalState();
                for (ReplicaRecord record : ((ReplicaJournalSnapshot) from).getRecordsList()) {
                    state.records.add(setup.codec().decode(record));
                }
                return state;
            }
        };
    }
}
