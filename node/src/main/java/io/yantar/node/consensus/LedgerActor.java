package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.StateFetch;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.state.LedgerState;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.node.LedgerQueries.AccountView;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.node.LedgerQueries.GovernanceView;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.proto.Block;
import io.yantar.proto.Receipt;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Proposal;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.StateTransferRequest;
import io.yantar.proto.StateTransferResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.Optional;
import java.util.function.Function;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns this node's ledger state: rebuilds it from the block store at start, then starts the
 * replica; executes each committed block in height order, appends it to the block store and
 * only then tells the replica it executed (so the replica's checkpoint never runs ahead of
 * what is durable here); answers reads of the state. The only thread that touches
 * {@link LedgerState}.
 */
final class LedgerActor extends AbstractBehavior<LedgerActor.Command> {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerActor.class);

    sealed interface Command {
    }

    /** From the replica's effects: a block final at this replica. */
    record Execute(CommittedBlock block) implements Command {
    }

    record CheckpointStable(CheckpointCertificate certificate) implements Command {
    }

    record GetAccount(ByteString address, ActorRef<Optional<AccountView>> replyTo) implements Command {
    }

    /** From the replica's effects: others made a checkpoint stable above what this node executed. */
    record GetGovernance(ActorRef<GovernanceView> replyTo) implements Command {
    }

    record FetchState(StateFetch fetch) implements Command {
    }

    /** A peer asks this node for blocks. */
    record ServeState(String requester, StateTransferRequest request) implements Command {
    }

    /** A peer's blocks, answering this node's request, with their certificate checks (started as they arrived). */
    record ApplyState(String sender, StateTransferResponse response, FetchedChunkChecks checks) implements Command {
    }

    /** A state request's blocks, read from the store, ready to send back. */
    private record Served(String requester, StateTransferResponse response) implements Command {
    }

    private enum FetchTimedOut implements Command {
        INSTANCE
    }

    private enum RetryRebuild implements Command {
        INSTANCE
    }

    /** Periodic: payments pending longer than {@link #PENDING_LIFETIME} are forgotten (status unknown, may be resent). */
    private enum ExpirePending implements Command {
        INSTANCE
    }

    private record Recovered(long height) implements Command {
    }

    private record Replayed(long height, CertifiedBlock block) implements Command {
    }

    private record SnapshotChecked(LedgerState restored, String refusal) implements Command {
    }

    private record Indexed(long height, CertifiedBlock block) implements Command {
    }

    private record ReplayFailed(long height, String reason) implements Command {
    }

    private record Stored(long height, ByteString blockHash, String failure, boolean transferred) {
    }

    /** An executed block not yet asked to be stored; {@code transferred}: it came by state transfer. */
    private record Unstored(CertifiedBlock block, ByteString blockHash, boolean transferred) {
    }

    /** Blocks stored in one write (or not: {@code failure}). */
    private record StoredRun(List<Unstored> blocks, String failure) implements Command {
    }

    /**
     * Everything the ledger actor needs besides the state itself. {@code certificates} checks the
     * certificates of one epoch's set; {@code epochScheduled} makes a scheduled set known to the
     * node (its keys, the transport) and returns it as the core's set.
     */
    record Wiring(LedgerContext shared, BlockExecutor executor, BlockExecutor certifiedExecutor, BlockStoreClient store, ProtoCodec codec,
                  Function<Long, Behavior<ReplicaActor.Command>> replicaFactory, ActorRef<io.yantar.proto.CheckpointCertificate> checkpointStore,
                  ActorRef<PeerTransport.OutboxCommand> outbox, java.util.concurrent.atomic.AtomicReference<PeerDirectory> peers,
                  Function<io.yantar.proto.ValidatorSet, CertificateVerifier> certificates,
                  Function<io.yantar.proto.ValidatorSet, io.yantar.consensus.core.ValidatorSet> epochScheduled,
                  ProposalDigests digests, LedgerSnapshotFile snapshots, int snapshotEveryBlocks, ConsensusPhaseTimer phases,
                  TransferChecks transferChecks,
                  java.util.function.Function<io.yantar.proto.LedgerSnapshot, java.util.Optional<LedgerState>> restore) {
    }

    private static final Duration FETCH_TIMEOUT = Duration.ofSeconds(5);
    /** A chunk read for a peer that takes this long is logged: it delays that peer's catch-up. */
    private static final long SLOW_SERVE_MS = 1_000;
    private static final Duration REBUILD_RETRY = Duration.ofSeconds(2);
    private static final Duration PENDING_LIFETIME = Duration.ofMinutes(2);
    private static final int TRANSFER_BYTES_MAX = 2 << 20;
    private static final int TRANSFER_BLOCKS_MAX = 200;

    private final Wiring wiring;
    private final List<Unstored> unstored = new ArrayList<>();
    private boolean storeWriteInFlight;
    private final LedgerContext shared;
    private LedgerState state;
    private final BlockExecutor executor;
    private final BlockExecutor certifiedExecutor;
    private final BlockStoreClient store;
    private final ProtoCodec codec;
    private final Function<Long, Behavior<ReplicaActor.Command>> replicaFactory;
    private final TimerScheduler<Command> timers;
    private long recoverTo;
    /** The next block to index while restoring from a snapshot (0: not indexing). */
    private long indexingAt;
    /** The state transfer in progress, if any, and the peer asked last. */
    private StateFetch fetching;
    private String fetchPeer;
    /**
     * The first height of the chunk {@link #fetchPeer} was asked for last. A fetch keeps one chain
     * of requests (with the next chunk asked for while the current one executes): which answers
     * it applies is {@link TransferAnswer}'s rule.
     */
    private long awaitingFrom;
    /** When the request awaited now was sent (System.nanoTime), for the log line of its answer. */
    private long requestedAtNanos;
    /** The peers asked for blocks since this fetch started: only their late answers may be applied. */
    private final java.util.Set<String> askedThisFetch = new java.util.HashSet<>();
    /** Peers whose state request is being read from the block store: one at a time each. */
    private final java.util.Set<String> serving = new java.util.HashSet<>();
    /** Certificate checks by epoch, built on first use. */
    private final java.util.Map<Long, CertificateVerifier> verifiers = new java.util.HashMap<>();
    /** Committed blocks that arrived above a gap (a state transfer fills it); final, so safe to keep. */
    private final java.util.TreeMap<Long, CommittedBlock> aboveGap = new java.util.TreeMap<>();
    /** Store confirmations held until the one below arrives: the replica hears executed heights in order. */
    private StoredHeightsInOrder<Stored> storedInOrder = new StoredHeightsInOrder<>(0);

    static Behavior<Command> create(Wiring wiring, LedgerState state) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers -> new LedgerActor(context, timers, wiring, state)));
    }

    private LedgerActor(ActorContext<Command> context, TimerScheduler<Command> timers, Wiring wiring, LedgerState state) {
        super(context);
        this.timers = timers;
        this.wiring = wiring;
        this.shared = wiring.shared();
        this.state = state;
        this.executor = wiring.executor();
        this.certifiedExecutor = wiring.certifiedExecutor();
        this.store = wiring.store();
        this.codec = wiring.codec();
        this.replicaFactory = wiring.replicaFactory();
        wiring.transferChecks().historyIs(state.validatorHistory());
        timers.startTimerWithFixedDelay(ExpirePending.INSTANCE, ExpirePending.INSTANCE, PENDING_LIFETIME.dividedBy(4));
        askTip();
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(Recovered.class, this::onRecovered)
                .onMessage(Replayed.class, this::onReplayed)
                .onMessage(SnapshotChecked.class, this::onSnapshotChecked)
                .onMessage(Indexed.class, this::onIndexed)
                .onMessage(ReplayFailed.class, this::onReplayFailed)
                .onMessage(RetryRebuild.class, retry -> onRetryRebuild())
                .onMessage(Execute.class, this::onExecute)
                .onMessage(StoredRun.class, this::onStoredRun)
                .onMessage(CheckpointStable.class, this::onCheckpointStable)
                .onMessage(GetAccount.class, this::onGetAccount)
                .onMessage(GetGovernance.class, this::onGetGovernance)
                .onMessage(FetchState.class, this::onFetchState)
                .onMessage(FetchTimedOut.class, timedOut -> askNextPeer())
                .onMessage(ExpirePending.class, expire -> {
                    shared.transactions().expirePending(System.currentTimeMillis() - PENDING_LIFETIME.toMillis());
                    return this;
                })
                .onMessage(ServeState.class, this::onServeState)
                .onMessage(Served.class, this::onServed)
                .onMessage(ApplyState.class, this::onApplyState)
                .build();
    }

    // ------------------------------------------------------------------ start: rebuild from the block store

    private Behavior<Command> onRecovered(Recovered recovered) {
        recoverTo = recovered.height();
        Optional<io.yantar.proto.LedgerSnapshot> snapshot = wiring.snapshots().read()
                .filter(candidate -> candidate.getHeight() > 0 && candidate.getHeight() <= recoverTo);
        if (snapshot.isEmpty()) {
            startReplay();
            return this;
        }
        io.yantar.proto.LedgerSnapshot found = snapshot.get();
        getContext().pipeToSelf(store.block(found.getHeight()), (lookup, failure) -> {
            if (!(lookup instanceof BlockStore.Found stored)) {
                return new SnapshotChecked(null, "its block is not in the store");
            }
            if (!shared.hashes().blockHash(stored.block().getBlock().getHeader()).equals(found.getBlockHash())) {
                return new SnapshotChecked(null, "its block hash differs from the stored block's");
            }
            return wiring.restore().apply(found)
                    .filter(restored -> restored.stateRoot().equals(stored.block().getBlock().getHeader().getStateRoot()))
                    .map(restored -> new SnapshotChecked(restored, null))
                    .orElseGet(() -> new SnapshotChecked(null, "it does not reproduce the certified state root"));
        });
        return this;
    }

    private Behavior<Command> onSnapshotChecked(SnapshotChecked checked) {
        if (checked.restored() == null) {
            LOG.warn("ledger snapshot {} ignored: {}", wiring.snapshots().path(), checked.refusal());
            startReplay();
            return this;
        }
        state = checked.restored();
        wiring.transferChecks().historyIs(state.validatorHistory());
        // Blocks the persistent transaction index holds already need not be read again; the
        // snapshot's own block always is (it sets the last header).
        long from = Math.min(state.height(), shared.transactions().recordedHeight() + 1);
        LOG.info("ledger restored from its snapshot at height {}; indexing blocks {}..{}, then re-executing up to {}",
                state.height(), from, state.height(), recoverTo);
        indexNext(from);
        return this;
    }

    /** Blocks at or below the snapshot only feed the transaction index; they are not re-executed. */
    private void indexNext(long height) {
        indexingAt = height;
        if (height > state.height()) {
            indexingAt = 0;
            startReplay();
            return;
        }
        getContext().pipeToSelf(store.block(height), (lookup, failure) -> lookup instanceof BlockStore.Found found
                ? new Indexed(height, found.block())
                : new ReplayFailed(height, failure != null ? failure.getMessage() : String.valueOf(lookup)));
    }

    private Behavior<Command> onIndexed(Indexed indexed) {
        shared.transactions().committedBlock(indexed.height(), indexed.block().getBlock().getReceiptsList());
        if (indexed.height() == state.height()) {
            shared.lastHeader().set(indexed.block().getBlock().getHeader());
            publish(indexed.block());
        }
        indexNext(indexed.height() + 1);
        return this;
    }

    private void startReplay() {
        state.accounts().forEach((address, value) -> shared.application().nonceAdvanced(address.bytes(), value.nextNonce()));
        LOG.info("rebuilding the ledger: re-executing stored blocks {}..{}", state.height() + 1, recoverTo);
        replayNext();
    }

    private void replayNext() {
        long next = state.height() + 1;
        if (next > recoverTo) {
            startReplica();
            return;
        }
        getContext().pipeToSelf(store.block(next), (lookup, failure) -> {
            if (lookup instanceof BlockStore.Found found) {
                return new Replayed(next, found.block());
            }
            return new ReplayFailed(next, failure != null ? failure.getMessage() : String.valueOf(lookup));
        });
    }

    private Behavior<Command> onReplayed(Replayed replayed) {
        Block stored = replayed.block().getBlock();
        ExecutedBlock executed = executeAndIndex(proposalOf(stored), replayed.block());
        if (!executed.blockHash().equals(shared.hashes().blockHash(stored.getHeader()))) {
            throw new IllegalStateException("re-executing stored block " + replayed.height()
                    + " gave a different block hash: the data directory is corrupt or from another network");
        }
        publish(replayed.block());
        replayNext();
        return this;
    }

    /**
     * A read of the block store failed (slow database, overloaded machine): the rebuild starts
     * again after a pause, from where it was; the node stays not ready meanwhile.
     */
    private Behavior<Command> onReplayFailed(ReplayFailed failed) {
        LOG.warn("rebuilding the ledger at height {} paused: {}; retrying in {} s", failed.height(), failed.reason(),
                REBUILD_RETRY.toSeconds());
        timers.startSingleTimer(RetryRebuild.INSTANCE, RetryRebuild.INSTANCE, REBUILD_RETRY);
        return this;
    }

    private Behavior<Command> onRetryRebuild() {
        if (indexingAt > 0) {
            indexNext(indexingAt);
        } else if (recoverTo == 0 && state.height() == 0) {
            askTip();
        } else if (state.height() < recoverTo) {
            replayNext();
        } else {
            askTip();
        }
        return this;
    }

    private void askTip() {
        getContext().pipeToSelf(store.tip(), (tip, failure) -> failure != null
                ? new ReplayFailed(0, "block store unavailable: " + failure.getMessage())
                : new Recovered(tip.height()));
    }

    private void startReplica() {
        long height = state.height();
        storedInOrder = new StoredHeightsInOrder<>(height);
        state.validatorHistory().later().forEach(wiring.epochScheduled()::apply); // the replica reads them at its start
        shared.ready().set(true);
        ActorRef<ReplicaActor.Command> replica = getContext().spawn(replicaFactory.apply(height), "replica");
        shared.replica().set(replica);
        LOG.info("ledger at height {} ({} accounts); replica started", height, state.accounts().size());
    }

    // ------------------------------------------------------------------ normal operation

    private Behavior<Command> onExecute(Execute command) {
        CommittedBlock committed = command.block();
        if (committed.height() <= state.height()) {
            return this; // executed before (a restart, or a state transfer got here first)
        }
        if (fetching != null || committed.height() != state.height() + 1) {
            // During a state transfer the replica hears of executed heights only through StateTransferred,
            // then of the waiting blocks in order; executing one now would report heights out of order.
            aboveGap.put(committed.height(), committed);
            return this;
        }
        executeCommitted(committed);
        drainAboveGap();
        return this;
    }

    private void drainAboveGap() {
        aboveGap.headMap(state.height(), true).clear();
        while (!aboveGap.isEmpty() && aboveGap.firstKey() == state.height() + 1) {
            executeCommitted(aboveGap.pollFirstEntry().getValue());
        }
    }

    private void executeCommitted(CommittedBlock committed) {
        Proposal proposal = codec.toProto(committed.proposal());
        CertifiedBlock.Builder certified = CertifiedBlock.newBuilder()
                .setCommitCertificate(codec.toProto(committed.certificate()));
        ExecutedBlock executed = executeAndIndex(proposal, null);
        executed.scheduledEpoch().ifPresent(this::epochScheduled); // before the replica hears Executed of this block
        CertifiedBlock block = certified.setBlock(executed.block()).build();
        unstored.add(new Unstored(block, executed.blockHash(), false));
        storeUnstored();
        publish(block);
    }

    /** The block just executed schedules {@code next}: the node learns its keys and peers, then the replica hears of it. */
    private void epochScheduled(io.yantar.proto.ValidatorSet next) {
        io.yantar.consensus.core.ValidatorSet set = wiring.epochScheduled().apply(next);
        LOG.info("epoch {} scheduled from height {}: validators {}", set.epoch(), set.startHeight(), set.members());
        ActorRef<ReplicaActor.Command> replica = shared.replica().get();
        if (replica != null) {
            replica.tell(new ReplicaActor.EpochScheduled(set));
        }
    }

    private Behavior<Command> onStoredRun(StoredRun run) {
        storeWriteInFlight = false;
        for (Unstored block : run.blocks()) {
            onStored(new Stored(block.block().getBlock().getHeader().getHeight(), block.blockHash(), run.failure(), block.transferred()));
        }
        storeUnstored();
        return this;
    }

    private void onStored(Stored stored) {
        if (stored.failure() != null) {
            throw new IllegalStateException("block " + stored.height() + " could not be stored: " + stored.failure());
        }
        wiring.phases().stored(stored.height());
        ActorRef<ReplicaActor.Command> replica = shared.replica().get();
        for (Stored inOrder : storedInOrder.stored(stored.height(), stored)) {
            if (replica != null && !inOrder.transferred()) {
                replica.tell(new ReplicaActor.Executed(inOrder.height(), Bytes.wrap(inOrder.blockHash().toByteArray())));
            }
        }
    }

    private Behavior<Command> onCheckpointStable(CheckpointStable command) {
        wiring.checkpointStore().tell(codec.toProto(command.certificate()));
        return this;
    }

    // ------------------------------------------------------------------ state transfer

    private Behavior<Command> onFetchState(FetchState command) {
        StateFetch fetch = command.fetch();
        if (fetch.height() <= state.height()) {
            return this; // executed meanwhile; the replica hears it through Executed
        }
        shared.transferTarget().accumulateAndGet(fetch.height(), Math::max);
        if (fetching != null) {
            if (fetch.height() > fetching.height()) {
                fetching = fetch; // a later stable checkpoint: the running chain of requests goes on to it
            }
            return this;
        }
        LOG.info("behind the cluster: fetching blocks {}..{} from peers", state.height() + 1, fetch.height());
        fetching = fetch;
        shared.catchingUp().set(true);
        askedThisFetch.clear();
        fetchPeer = firstSigner(fetch);
        requestChunk(state.height() + 1);
        return this;
    }

    /** A node that signed the checkpoint (it has the blocks), else the first peer. */
    private String firstSigner(StateFetch fetch) {
        PeerDirectory peers = wiring.peers().get();
        for (Signed checkpoint : fetch.certificate().checkpoints()) {
            Optional<String> signer = peers.at(fetch.certificate().epoch(), checkpoint.signer());
            if (signer.isPresent() && !signer.get().equals(peers.selfId())) {
                return signer.get();
            }
        }
        List<String> all = peers.peers();
        return all.isEmpty() ? peers.selfId() : all.get(0);
    }

    private Behavior<Command> askNextPeer() {
        if (fetching == null) {
            return this;
        }
        List<String> all = wiring.peers().get().peers();
        if (!all.isEmpty()) {
            fetchPeer = all.get((all.indexOf(fetchPeer) + 1) % all.size());
        }
        requestChunk(state.height() + 1);
        return this;
    }

    private void requestChunk(long from) {
        awaitingFrom = from;
        requestedAtNanos = System.nanoTime();
        askedThisFetch.add(fetchPeer);
        wiring.transferChecks().asked(fetchPeer, from);
        StateTransferRequest request = StateTransferRequest.newBuilder()
                .setFromHeight(from).setToHeight(fetching.height()).build();
        wiring.outbox().tell(new PeerTransport.SendEnvelopeTo(fetchPeer, PeerEnvelope.newBuilder().setStateRequest(request).build()));
        timers.startSingleTimer(FetchTimedOut.INSTANCE, FetchTimedOut.INSTANCE, FETCH_TIMEOUT);
    }

    private Behavior<Command> onServeState(ServeState command) {
        if (!serving.add(command.requester())) {
            return this; // it asks again after its timeout; a flood of requests costs one read at a time
        }
        long from = command.request().getFromHeight();
        long to = Math.min(command.request().getToHeight(), Math.min(state.height(), from + TRANSFER_BLOCKS_MAX - 1));
        long stableHeight = state.height();
        long startedAt = System.nanoTime();
        getContext().pipeToSelf(readBlocks(from, to), (blocks, failure) -> {
            long tookMs = (System.nanoTime() - startedAt) / 1_000_000;
            if (tookMs >= SLOW_SERVE_MS) {
                LOG.info("state transfer: reading blocks {}..{} for {} took {} ms", from, to, command.requester(), tookMs);
            }
            StateTransferResponse response = StateTransferResponse.newBuilder().setFromHeight(from)
                    .addAllCertifiedBlocks(failure == null ? blocks : List.of()).setPeerStableHeight(stableHeight).build();
            return new Served(command.requester(), response);
        });
        return this;
    }

    private Behavior<Command> onServed(Served served) {
        serving.remove(served.requester());
        wiring.outbox().tell(new PeerTransport.SendEnvelopeTo(served.requester(),
                PeerEnvelope.newBuilder().setStateResponse(served.response()).build()));
        return this;
    }

    /** Blocks {@code from..to} in one read, cut after the one that reaches {@link #TRANSFER_BYTES_MAX}. */
    private CompletionStage<List<ByteString>> readBlocks(long from, long to) {
        return store.blocks(from, to).thenApply(range -> {
            List<ByteString> encoded = new ArrayList<>();
            long bytes = 0;
            for (CertifiedBlock block : range.blocks()) {
                if (bytes >= TRANSFER_BYTES_MAX) {
                    break;
                }
                ByteString one = block.toByteString();
                encoded.add(one);
                bytes += one.size();
            }
            return encoded;
        });
    }

    private Behavior<Command> onApplyState(ApplyState command) {
        StateTransferResponse response = command.response();
        List<ByteString> blocks = response.getCertifiedBlocksList();
        TransferAnswer answer = fetching == null ? TransferAnswer.DROPPED : TransferAnswer.classify(command.sender(),
                response.getFromHeight(), blocks.isEmpty(), fetchPeer, awaitingFrom, state.height() + 1,
                askedThisFetch.contains(command.sender()));
        if (answer == TransferAnswer.DROPPED) {
            command.checks().abandon();
            return this;
        }
        if (answer == TransferAnswer.LATE_BUT_NEXT) {
            LOG.info("state transfer: a late answer from validator {} continues at {}; asking it next", command.sender(),
                    response.getFromHeight());
            fetchPeer = command.sender(); // it is done serving us; the peer asked last may still be reading
        } else if (blocks.isEmpty()) {
            LOG.info("state transfer: validator {} has no blocks from {}, asking another", command.sender(), awaitingFrom);
            return askNextPeer();
        }
        long receivedAt = System.nanoTime();
        long answeredAfterMs = (receivedAt - requestedAtNanos) / 1_000_000;
        long chunkEnd = response.getFromHeight() + blocks.size() - 1;
        if (chunkEnd < fetching.height()) {
            requestChunk(chunkEnd + 1); // the peer reads the next chunk while this one executes
        }
        long before = state.height();
        List<Unstored> verified = new ArrayList<>(blocks.size());
        FetchedChunkChecks checks = command.checks();
        for (int index = 0; index < checks.size(); index++) {
            if (state.height() >= fetching.height()) {
                break;
            }
            Optional<String> refusal = applyFetched(checks.take(index), verified);
            if (refusal.isPresent()) {
                LOG.warn("state transfer from validator {} refused: {}", command.sender(), refusal.get());
                checks.abandon();
                storeFetched(verified);
                return askNextPeer();
            }
        }
        checks.abandon(); // blocks past the fetch's target, if any
        storeFetched(verified);
        LOG.info("state transfer: applied {} blocks from validator {} in {} ms (answered {} ms after the request), ledger at {} of {}",
                state.height() - before, command.sender(), (System.nanoTime() - receivedAt) / 1_000_000, answeredAfterMs,
                state.height(), fetching.height());
        if (state.height() >= fetching.height()) {
            timers.cancel(FetchTimedOut.INSTANCE);
            StateFetch done = fetching;
            fetching = null;
            awaitingFrom = 0;
            shared.catchingUp().set(false);
            // Exactly at the certified height: the replica learns it first, then the blocks that waited above the gap.
            reportTransferred(done);
            drainAboveGap();
        } else if (state.height() + 1 != awaitingFrom) {
            askNextPeer(); // the chunk ended short of what the next request asks from
        }
        return this;
    }

    private void storeFetched(List<Unstored> verified) {
        unstored.addAll(verified);
        storeUnstored();
    }

    /**
     * Group commit of the block store: one write in flight, carrying every block executed since the
     * last one began, in height order. One write per block (about 50 ms on two shared cores) held
     * a joiner to about 20 blocks a second and, under load, let stored heights and so checkpoints
     * lag behind commits.
     */
    private void storeUnstored() {
        if (storeWriteInFlight || unstored.isEmpty()) {
            return;
        }
        List<Unstored> run = List.copyOf(unstored);
        unstored.clear();
        storeWriteInFlight = true;
        getContext().pipeToSelf(store.appendAll(run.stream().map(Unstored::block).toList()),
                (result, failure) -> new StoredRun(run, result instanceof BlockStore.Appended ? null
                        : failure != null ? failure.getMessage() : String.valueOf(result)));
    }

    /**
     * Checks a fetched block's commit certificate (or takes the verdict of its pool check, made
     * against the set that orders it) and re-executes it; {@link #storeFetched} stores it.
     */
    private Optional<String> applyFetched(FetchedChunkChecks.Checked checked, List<Unstored> verifiedOut) {
        CertifiedBlock block = checked.block();
        if (block == null) {
            return Optional.of("a block does not decode");
        }
        long height = block.getBlock().getHeader().getHeight();
        if (height != state.height() + 1) {
            return height <= state.height() ? Optional.empty() : Optional.of("block " + height + " leaves a gap");
        }
        io.yantar.proto.ValidatorSet ordering = state.validatorHistory().setAt(height);
        if (block.getCommitCertificate().getEpoch() != ordering.getEpoch()) {
            return Optional.of("block " + height + " is certified by epoch " + block.getCommitCertificate().getEpoch()
                    + ", but epoch " + ordering.getEpoch() + " orders it");
        }
        Optional<String> certificate = checked.verdictUnder(ordering).orElseGet(() -> verifiers
                .computeIfAbsent(ordering.getEpoch(), epoch -> wiring.certificates().apply(ordering))
                .checkCommit(block.getCommitCertificate()));
        if (certificate.isPresent()) {
            return certificate;
        }
        Proposal proposal = proposalOf(block.getBlock());
        ByteString digest = ByteString.copyFrom(wiring.digests().digest(proposal));
        if (block.getCommitCertificate().getHeight() != height || !block.getCommitCertificate().getProposalDigest().equals(digest)) {
            return Optional.of("block " + height + " is not the proposal its commit certificate decided");
        }
        ExecutedBlock executed = executeAndIndex(proposal, block);
        executed.scheduledEpoch().ifPresent(this::epochScheduled); // before the replica hears StateTransferred
        CertifiedBlock verified = CertifiedBlock.newBuilder().setBlock(executed.block())
                .setCommitCertificate(block.getCommitCertificate()).build();
        verifiedOut.add(new Unstored(verified, executed.blockHash(), true));
        publish(verified);
        return Optional.empty();
    }

    private void reportTransferred(StateFetch fetch) {
        if (state.height() != fetch.height()) {
            LOG.info("caught up at height {}", state.height());
            return;
        }
        ByteString hash = shared.tip().get().blockHash();
        if (!hash.equals(ByteString.copyFrom(fetch.stateDigest().toArray()))) {
            throw new IllegalStateException("after state transfer the block hash at " + fetch.height()
                    + " differs from the one the cluster certified: this node's ledger diverged");
        }
        ActorRef<ReplicaActor.Command> replica = shared.replica().get();
        if (replica != null) {
            replica.tell(new ReplicaActor.StateTransferred(state.height(), Bytes.wrap(hash.toByteArray()), fetch.certificate()));
        }
        LOG.info("caught up at height {}", state.height());
    }

    private Behavior<Command> onGetAccount(GetAccount query) {
        if (!Address.isAddressBytes(query.address())) {
            query.replyTo().tell(Optional.empty());
            return this;
        }
        Address address = new Address(query.address());
        AccountValue value = state.account(address);
        Optional<io.yantar.proto.AccountProof> proof = state.accountProof(address);
        BlockHeader header = shared.lastHeader().get();
        query.replyTo().tell(proof.map(p -> new AccountView(query.address(), value.balanceKopecks(), value.nextNonce(), p, header)));
        return this;
    }

    private Behavior<Command> onGetGovernance(GetGovernance query) {
        query.replyTo().tell(new GovernanceView(state.height(), state.governance().toProto(), state.validatorHistory(),
                state.governance().epochRules()));
        return this;
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Executes a block and indexes it. {@code storedOrNull}: the certified block this proposal
     * came from (fetched after its commit certificate verified, or replayed from the block store),
     * whose transactions' signatures are not verified again; null for a block this replica
     * delivered.
     */
    private ExecutedBlock executeAndIndex(Proposal proposal, CertifiedBlock storedOrNull) {
        ExecutedBlock executed = (storedOrNull == null ? executor : certifiedExecutor).execute(state, proposal);
        Block block = executed.block();
        long height = executed.header().getHeight();
        shared.transactions().committedBlock(height, block.getReceiptsList());
        for (int index = 0; index < block.getReceiptsCount(); index++) {
            Receipt receipt = block.getReceipts(index);
            ByteString payload = block.getTransactions(index);
            transactionOf(payload).ifPresent(transaction -> {
                Address sender = Address.ofPublicKey(state.suite(), transaction.getSenderPublicKey());
                if (!ReasonCode.settles(receipt.getSuccess(), receipt.getReasonCode())) { // ordered before an earlier nonce
                    shared.application().orderAgain(sender.bytes(), transaction.getNonce(), payload);
                }
                shared.application().nonceAdvanced(sender.bytes(), state.account(sender).nextNonce());
            });
        }
        shared.lastHeader().set(executed.header());
        wiring.transferChecks().historyIs(state.validatorHistory());
        if (wiring.snapshotEveryBlocks() > 0 && height % wiring.snapshotEveryBlocks() == 0 && height > recoverTo) {
            writeSnapshot();
        }
        return executed;
    }

    private void writeSnapshot() {
        try {
            wiring.snapshots().write(io.yantar.ledger.state.Snapshots.export(state));
            LOG.info("ledger snapshot written at height {}", state.height());
        } catch (java.io.IOException e) {
            LOG.warn("ledger snapshot at height {} not written: {}", state.height(), e.getMessage());
        }
    }

    private static Optional<Transaction> transactionOf(ByteString payload) {
        try {
            return Optional.of(Transaction.parseFrom(SignedTransaction.parseFrom(payload).getTransaction()));
        } catch (com.google.protobuf.InvalidProtocolBufferException malformed) {
            return Optional.empty();
        }
    }


    private void publish(CertifiedBlock block) {
        long height = block.getBlock().getHeader().getHeight();
        shared.tip().set(new io.yantar.node.LedgerQueries.Tip(height, shared.hashes().blockHash(block.getBlock().getHeader()),
                block.getBlock().getHeader().getTimestampMillis()));
        shared.publish(new BlockView(block, Optional.ofNullable(shared.checkpoints().get(height))));
    }

    /** The proposal a stored block was executed from: every field of it is in the block. */
    static Proposal proposalOf(Block block) {
        BlockHeader header = block.getHeader();
        return Proposal.newBuilder()
                .setHeight(header.getHeight())
                .setView(header.getView())
                .setProposer(header.getProposer())
                .setTimestampMillis(header.getTimestampMillis())
                .setNullBlock(header.getNullBlock())
                .addAllPayloads(block.getTransactionsList())
                .build();
    }
}
