package io.yantar.consensus.replica;

import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
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
import java.util.function.LongSupplier;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
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
 * <p>The journal stays bounded: the records are compacted at every stable checkpoint
 * ({@link Journal#compact}) and a snapshot of the compacted records is taken every
 * {@code snapshotEveryEvents} events, after which older events are deleted.
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

    /** State transfer brought the application to {@code height}. */
    public record StateTransferred(long height, Bytes blockHash, CheckpointCertificate certificate) implements Command {
    }

    /** The core's status, for the node's status API. */
    public record GetStatus(ActorRef<Status> replyTo) implements Command {
    }

    private enum Tick implements Command {
        INSTANCE
    }

    /**
     * What the replica needs. {@code executedHeight} is the height the application has already
     * executed (recovered from its own store) when the replica starts.
     */
    public record Setup(String nodeId, Config config, ValidatorSet validators, int self, Application application,
                        Authenticator authenticator, RecordCodec codec, ReplicaEffects effects, LongSupplier clockMillis,
                        long executedHeight, int snapshotEveryEvents) {
    }

    /** The compacted journal, and the live core once recovery is complete. */
    public static final class JournalState {
        private List<DurableRecord> records = new ArrayList<>();
        private Replica core;
    }

    private final Setup setup;
    private final ActorContext<Command> context;
    private final TimerScheduler<Command> timers;
    private long reportedView;
    private boolean reportedChanging;

    public static Behavior<Command> create(Setup setup) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new ReplicaActor(setup, context, timers)));
    }

    private ReplicaActor(Setup setup, ActorContext<Command> context, TimerScheduler<Command> timers) {
        super(PersistenceId.of("replica", setup.nodeId()));
        this.setup = setup;
        this.context = context;
        this.timers = timers;
    }

    @Override
    public JournalState emptyState() {
        return new JournalState();
    }

    @Override
    public CommandHandler<Command, ReplicaRecord, JournalState> commandHandler() {
        return newCommandHandlerBuilder().forAnyState()
                .onCommand(FromPeer.class, (state, command) -> step(state, new Input.FromPeer(command.sender(), command.message())))
                .onCommand(ClientRequests.class, this::onClientRequests)
                .onCommand(Executed.class, (state, command) -> step(state, new Input.Executed(command.height(), command.blockHash())))
                .onCommand(StateTransferred.class, (state, command) -> step(state,
                        new Input.StateTransferred(command.height(), command.blockHash(), command.certificate())))
                .onCommand(Tick.class, (state, command) -> step(state, new Input.Tick(setup.clockMillis().getAsLong())))
                .onCommand(GetStatus.class, (state, command) -> Effect().none().thenReply(command.replyTo(), s -> s.core.status()))
                .build();
    }

    private Effect<ReplicaRecord, JournalState> onClientRequests(JournalState state, ClientRequests command) {
        List<DurableRecord> persist = new ArrayList<>();
        List<Outputs> all = new ArrayList<>(command.payloads().size());
        for (Bytes payload : command.payloads()) {
            Outputs outputs = state.core.step(new Input.ClientRequest(payload));
            persist.addAll(outputs.persist());
            all.add(outputs);
        }
        return persistThenApply(persist, all);
    }

    private Effect<ReplicaRecord, JournalState> step(JournalState state, Input input) {
        Outputs outputs = state.core.step(input);
        reportViewChange(state.core);
        return persistThenApply(outputs.persist(), List.of(outputs));
    }

    /** One log line per view change started and per view entered. */
    private void reportViewChange(Replica core) {
        if (core.view() == reportedView && core.viewChanging() == reportedChanging) {
            return;
        }
        reportedView = core.view();
        reportedChanging = core.viewChanging();
        if (reportedChanging) {
            context.getLog().warn("view change: {} moves to view {} (primary {})", setup.nodeId(), reportedView,
                    setup.validators().members().get(setup.validators().primaryOf(reportedView)));
        } else {
            context.getLog().info("entered view {}: primary is {}", reportedView,
                    setup.validators().members().get(setup.validators().primaryOf(reportedView)));
        }
        setup.effects().viewChanged(reportedView, reportedChanging);
    }

    private Effect<ReplicaRecord, JournalState> persistThenApply(List<DurableRecord> persist, List<Outputs> outputs) {
        if (persist.isEmpty()) {
            return Effect().none().thenRun(state -> apply(outputs));
        }
        List<ReplicaRecord> events = new ArrayList<>(persist.size());
        for (DurableRecord record : persist) {
            events.add(setup.codec().encode(record));
        }
        return Effect().persist(events).thenRun(state -> apply(outputs));
    }

    /** Runs once the records of these outputs are durable. */
    private void apply(List<Outputs> outputs) {
        long deadline = Long.MAX_VALUE;
        ReplicaEffects effects = setup.effects();
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
        // Requests forwarded while handling one batch of client requests travel as one message per peer.
        forwarded.forEach((to, payloads) -> effects.send(new Outbound(to, new ForwardedRequests(payloads))));
        scheduleTick(deadline);
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
        return newSignalHandlerBuilder().onSignal(RecoveryCompleted.instance(), this::onRecovered).build();
    }

    private void onRecovered(JournalState state) {
        long now = setup.clockMillis().getAsLong();
        state.records = Journal.compact(state.records);
        state.core = state.records.isEmpty()
                ? Replica.create(setup.config(), setup.validators(), setup.self(), setup.application(), setup.authenticator(), now)
                : Replica.restore(setup.config(), setup.validators(), setup.self(), setup.application(), setup.authenticator(),
                        state.records, setup.executedHeight(), now);
        context.getLog().info("replica {} ready: view {}, executed height {}, {} journal records replayed",
                setup.nodeId(), state.core.view(), setup.executedHeight(), state.records.size());
        reportedView = state.core.view();
        reportedChanging = state.core.viewChanging();
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
