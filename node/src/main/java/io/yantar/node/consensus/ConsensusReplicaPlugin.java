package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.RejectReason;
import io.yantar.consensus.core.StateFetch;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.replica.RecordCodec;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.consensus.replica.ReplicaEffects;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.consensus.wire.SuiteAuthenticator;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.state.BlockExecutor;
import io.yantar.ledger.state.GenesisLoader;
import io.yantar.ledger.state.LoadedGenesis;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.node.LedgerQueries;
import io.yantar.node.ReadinessCondition;
import io.yantar.node.ReplicaPlugin;
import io.yantar.node.cluster.RemovedValidators;
import io.yantar.node.metrics.Counter;
import io.yantar.node.store.JdbcTransactionLocations;
import io.yantar.node.store.MvStoreTransactionLocations;
import io.yantar.node.store.TransactionLocations;
import io.yantar.proto.ConsensusParams;
import io.yantar.proto.Genesis;
import io.yantar.proto.ReplicaRecord;
import io.yantar.proto.ValidatorInfo;
import io.yantar.node.faults.TestFaults;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.Done;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Plugs the PBFT replica and the ledger into the node: builds the core's configuration from
 * the genesis, the ledger as the core's application, the transport over the cluster, and the
 * ledger actor that executes committed blocks and starts the replica once it has rebuilt its
 * state. Returns the submission path, the ledger reads and the status for HTTP.
 */
public final class ConsensusReplicaPlugin implements ReplicaPlugin {
    /**
     * Verified-signature cache entries; a miss only costs one re-verification. Entries of payments
     * that are never executed here (a resent committed one, a copy forwarded after execution)
     * stay until the cache is full and cleared, at about a kilobyte each: 100,000 bounds that at
     * about 100 MB, far above what is in flight (a few thousand at thousands of tx/s).
     */
    private static final int VERIFIED_CACHE_ENTRIES_MAX = 100_000;
    private static final int PARKED_PER_ACCOUNT_MAX = 64;
    private static final int SNAPSHOT_EVERY_EVENTS = 1_000;
    /** On H2 storage, the transaction index's own file in the data directory (PostgreSQL keeps it as a table). */
    static final String TRANSACTION_INDEX_FILE = "transactions.mv.db";

    private final TestFaults testFaults;

    public ConsensusReplicaPlugin() {
        this(TestFaults.NONE);
    }

    /** A node with test-only faults (a Byzantine mode, the transport fault layer); the caller checked the test flag. */
    public ConsensusReplicaPlugin(TestFaults testFaults) {
        this.testFaults = testFaults;
    }

    @Override
    public Replica start(Context context) {
        Genesis genesis = context.genesis();
        CryptoSuite suite = CryptoSuites.byId(genesis.getCryptoSuite());
        // After the node is ready, so that four nodes starting on two cores are not slowed by it.
        context.firstReady().thenRun(() -> VerificationWarmUp.start(suite, context.config().consensus().warmUpVerifications()));
        String chainId = genesis.getChainId();
        LedgerLimits limits = LedgerLimits.DEFAULTS;
        LoadedGenesis loaded = GenesisLoader.load(genesis, suite, limits).orThrow();
        List<String> members = genesis.getValidators().getValidatorsList().stream().map(ValidatorInfo::getNodeId).toList();
        String nodeId = context.config().identity().nodeId();
        int self = members.indexOf(nodeId); // -1: an observer until an epoch that includes it
        if (self < 0 && testFaults.byzantine().isPresent()) {
            throw new IllegalStateException(nodeId + " is not in the genesis validator set " + members + ": it cannot be Byzantine");
        }

        ProtoCodec codec = new ProtoCodec(chainId);
        StatelessValidator stateless = new StatelessValidator(suite, chainId, limits);
        io.yantar.node.metrics.Counter verifications = context.metrics().counter("yantar_signature_verifications_total",
                "Signatures this node verified: transaction (one per transaction is the ideal) or consensus (peers' votes).", "kind");
        io.yantar.node.metrics.Counter verificationMicros = context.metrics().counter("yantar_signature_verification_cpu_microseconds_total",
                "CPU time of the signatures counted in yantar_signature_verifications_total, estimated from one check in "
                        + SignatureCheckMeter.SAMPLE_PERIOD + " (a transaction's includes its other stateless checks).", "kind");
        CachingPayloadValidator validator = new CachingPayloadValidator(stateless, VERIFIED_CACHE_ENTRIES_MAX,
                meter(verifications, verificationMicros, "transaction"));
        NonceGate gate = new NonceGate(PARKED_PER_ACCOUNT_MAX, TransactionAdmission.NONCE_GAP_MAX);
        LedgerApplication application = new LedgerApplication(validator, new ProposalDigests(suite, chainId), codec, gate);
        BlockHashes hashes = new BlockHashes(suite);
        io.yantar.node.metrics.Histogram commitLatency = context.metrics().histogram("yantar_tx_commit_latency_seconds",
                "From admission at this node to commit, for payments submitted here.",
                io.yantar.node.metrics.Histogram.LATENCY_SECONDS);
        TransactionIndex transactions = new TransactionIndex(context.config().mempool().transactionsMax(),
                context.config().mempool().pendingPerAccountMax(), context.config().mempool().committedReceiptsCached(),
                openTransactionLocations(context), millis -> commitLatency.observe(millis / 1000.0));
        LedgerContext shared = LedgerContext.create(application, hashes, transactions,
                new LedgerQueries.Tip(0, loaded.chainIdentity(), genesis.getGenesisTimeMillis()), loaded.block0().getHeader());

        ValidatorSet validators = new ValidatorSet(genesis.getValidators().getEpoch(), genesis.getValidators().getStartHeight(), members);
        Config config = coreConfig(chainId, genesis.getConsensus(), context.config().consensus());
        java.util.Map<String, byte[]> publicKeys = new java.util.HashMap<>();
        genesis.getValidators().getValidatorsList().forEach(v -> publicKeys.put(v.getNodeId(), v.getPublicKey().toByteArray()));
        SuiteAuthenticator keys = new SuiteAuthenticator(codec, context.signingKey(), validators, nodeId, publicKeys);
        Authenticator authenticator = new CountingAuthenticator(keys, meter(verifications, verificationMicros, "consensus"));

        ActorContext<?> actors = context.actorContext();
        AtomicReference<PeerDirectory> directory = new AtomicReference<>(PeerDirectory.of(nodeId, validators));
        AtomicReference<EpochHistory> epochs = new AtomicReference<>(EpochHistory.of(validators));
        // Each known epoch's validators' cluster addresses: the others tell a replaced machine from the new one by it.
        java.util.Map<Long, java.util.Map<String, String>> clusterAddresses = new java.util.concurrent.ConcurrentHashMap<>();
        clusterAddresses.put(validators.epoch(), clusterAddressesOf(genesis.getValidators()));
        ActorRef<PeerTransport.OutboxCommand> outbox = actors.spawn(
                PeerTransport.outbox(directory, codec, context.metrics(), testFaults.transport()), "peer-outbox");
        Function<io.yantar.proto.ValidatorSet, ValidatorSet> epochScheduled = scheduled -> {
            scheduled.getValidatorsList().forEach(v -> keys.learn(scheduled.getEpoch(), v.getNodeId(),
                    v.getPublicKey().toByteArray()));
            ValidatorSet set = new ValidatorSet(scheduled.getEpoch(), scheduled.getStartHeight(),
                    scheduled.getValidatorsList().stream().map(ValidatorInfo::getNodeId).toList());
            clusterAddresses.put(set.epoch(), clusterAddressesOf(scheduled));
            epochs.updateAndGet(known -> known.with(set));
            outbox.tell(new PeerTransport.Follow(set, false));
            return set;
        };
        AtomicReference<ActorRef<LedgerActor.Command>> ledgerRef = new AtomicReference<>();
        java.util.concurrent.atomic.AtomicLong currentView = new java.util.concurrent.atomic.AtomicLong();
        context.metrics().gauge("yantar_consensus_view", "The view this replica is in.", currentView::get);
        ConsensusPhaseTimer phases = new ConsensusPhaseTimer(context.metrics(), System::nanoTime, System::currentTimeMillis,
                transactions::admittedAtMillis, validator::txId);
        Function<Outbound, List<PeerTransport.OutboxCommand>> outgoing = testFaults.byzantine()
                .<Function<Outbound, List<PeerTransport.OutboxCommand>>>map(mode -> new ByzantineBehaviour(mode, self, members.size(),
                        authenticator, application, nodeId.hashCode())::rewrite)
                .orElse(message -> List.of(new PeerTransport.Send(message)));
        ReplicaHealth health = new ReplicaHealth();
        Counter restarts = context.metrics().counter("yantar_replica_restarts_total",
                "Restarts of the replica from its journal after a failure (journal write or read, or a handler).");
        // A node removed by governance leaves the cluster; the remaining validators down it if it does not.
        // A lying validator (test faults) ignores its removal, so that tests exercise the downing.
        ActorRef<RemovedValidators.Command> removedValidators = actors.spawn(RemovedValidators.create(nodeId,
                testFaults.byzantine().isEmpty(), context.config().cluster().removedValidatorDownAfter()), "removed-validators");
        java.util.concurrent.atomic.AtomicLong orderedHeight = new java.util.concurrent.atomic.AtomicLong(-1); // committed by this process's replica
        ReplicaEffects effects = new Effects(health, restarts, outbox,
                set -> removedValidators.tell(new RemovedValidators.EpochStarted(set, epochs.get(),
                        set.startHeight() - 1 <= shared.transferTarget().get(), // entered once the block before its start executed
                        epochs.get().ofEpoch(set.epoch() - 1).map(previous -> orderedHeight.get() >= previous.startHeight()).orElse(false),
                        epochSet -> keys.forEpoch(epochSet).holdsMemberKey(),
                        epochSet -> clusterAddresses.getOrDefault(epochSet.epoch(), java.util.Map.of()))), outgoing, ledgerRef, orderedHeight,
                context.metrics().counter("yantar_consensus_rejected_total",
                "Peer messages and requests the consensus core refused, by reason.", "reason"),
                context.metrics().counter("yantar_consensus_view_changes_total", "View changes this replica started."), currentView,
                context.metrics().histogram("yantar_consensus_proposal_to_commit_seconds",
                        "From the primary's proposal timestamp to the block being final at this replica.",
                        io.yantar.node.metrics.Histogram.LATENCY_SECONDS), phases,
                context.metrics().counter("yantar_consensus_stalls_total",
                        "Pauses of this replica (a tick later than yantar.consensus.stall-threshold): GC or CPU starvation."),
                context.metrics().counter("yantar_consensus_stalled_milliseconds_total",
                        "Time this replica was not running, left out of its timers so it does not suspect the primary for it."));
        RecordCodec records = recordCodec(codec);
        ActorRef<io.yantar.proto.CheckpointCertificate> checkpoints = actors.spawn(
                CheckpointStore.create(nodeId, shared.checkpoints()), "checkpoint-store");
        java.util.function.Function<io.yantar.proto.ValidatorSet, CertificateVerifier> certificateChecks =
                set -> new CertificateVerifier(suite, chainId, set);
        // Certificates of fetched blocks are checked on the common pool beside the ledger actor (see TransferChecks).
        TransferChecks transferChecks = new TransferChecks(certificateChecks,
                java.util.concurrent.ForkJoinPool.commonPool(), Runtime.getRuntime().availableProcessors());
        LedgerActor.Wiring wiring = new LedgerActor.Wiring(shared, new BlockExecutor(suite, chainId, validator.lastUse()),
                new BlockExecutor(suite, chainId, validator.lastUseOfCertified()), context.blockStore(),
                codec, executedHeight -> ReplicaActor.create(new ReplicaActor.Setup(nodeId, config, epochs::get, application,
                        authenticator, records, effects, System::currentTimeMillis,
                        () -> Math.max(executedHeight, shared.tip().get().height()), SNAPSHOT_EVERY_EVENTS)),
                checkpoints, outbox, directory, certificateChecks, epochScheduled,
                new ProposalDigests(suite, chainId), new LedgerSnapshotFile(context.config().dataDir()),
                context.config().storage().ledgerSnapshotEveryBlocks(), phases, transferChecks,
                snapshot -> {
                    io.yantar.ledger.Parsed<io.yantar.ledger.state.LedgerState> restored =
                            io.yantar.ledger.state.Snapshots.restore(snapshot, genesis, suite, limits);
                    return restored.isOk() ? java.util.Optional.of(restored.orThrow()) : java.util.Optional.empty();
                });
        ActorRef<LedgerActor.Command> ledger = actors.spawn(LedgerActor.create(wiring, loaded.state()), "ledger");
        ledgerRef.set(ledger);
        ActorRef<PayloadVerifier.Verify> requestVerifier = actors.spawn(
                PayloadVerifier.create(validator, application::replaysExecutedRequest, shared.replica()), "forwarded-request-verifier");
        ActorRef<PayloadVerifier.Verify> proposalVerifier = actors.spawn(
                PayloadVerifier.create(validator, application::replaysExecutedRequest, shared.replica()), "proposal-verifier");
        java.util.function.LongSupplier ledgerHeight = () -> shared.tip().get().height();
        StaleProposals staleProposals = new StaleProposals(ledgerHeight, () -> directory.get().current().epoch(), currentView::get);
        FetchedInstead fetchedInstead = new FetchedInstead(shared.catchingUp()::get, ledgerHeight,
                shared.transferTarget()::get, config.watermarkWindow());
        actors.spawn(PeerTransport.inbox(nodeId, directory, codec, shared.replica(), requestVerifier, proposalVerifier, staleProposals,
                fetchedInstead,
                (sender, envelope) -> {
                    if (envelope.hasStateRequest()) {
                        ledger.tell(new LedgerActor.ServeState(sender, envelope.getStateRequest()));
                    } else {
                        ledger.tell(new LedgerActor.ApplyState(sender, envelope.getStateResponse(),
                                transferChecks.arrived(sender, envelope.getStateResponse())));
                    }
                }, context.metrics()), "peer-inbox");

        application.releaseTo(released -> {
            ActorRef<ReplicaActor.Command> replica = shared.replica().get();
            if (replica != null) {
                replica.tell(new ReplicaActor.ClientRequests(released.stream().map(ConsensusReplicaPlugin::bytes).toList()));
            }
        });
        TransactionAdmission admission = new TransactionAdmission(validator, application, gate, transactions, shared.replica(),
                context.metrics(), context.config().mempool().pendingPerAccountMax());
        NodeLedgerQueries queries = new NodeLedgerQueries(shared, ledger, context.blockStore(),
                new io.yantar.ledger.block.Proofs(suite), actors.getSystem());
        ConsensusStatusSource status = new ConsensusStatusSource(shared.replica(), health,
                () -> directory.get().current().members(), actors.getSystem());
        io.yantar.node.cluster.ClusterView cluster = new io.yantar.node.cluster.ClusterView(actors.getSystem());
        return new Replica(admission, status::latest,
                List.of(health::notRunningBecause, ReadinessCondition.of("ledger rebuilding from the block store", shared.ready()::get),
                        ReadinessCondition.of("catching up with the cluster by state transfer", () -> !fetchedInstead.farBehind()),
                        new ValidatorQuorumInCluster(() -> directory.get().current(), () -> cluster.snapshot().membersUp())),
                queries);
    }

    /** Counts one kind of signature check in {@code checks} and adds its sampled CPU time to {@code cpuMicros}. */
    private static SignatureCheckMeter meter(io.yantar.node.metrics.Counter checks, io.yantar.node.metrics.Counter cpuMicros, String kind) {
        return new SignatureCheckMeter(() -> checks.increment(kind), nanos -> cpuMicros.add(nanos / 1_000, kind),
                SignatureCheckMeter.SAMPLE_PERIOD);
    }

    /** "host:port" of each validator of {@code set}, by node id, as its cluster member's address reads. */
    static java.util.Map<String, String> clusterAddressesOf(io.yantar.proto.ValidatorSet set) {
        java.util.Map<String, String> addresses = new java.util.HashMap<>();
        set.getValidatorsList().forEach(v -> addresses.put(v.getNodeId(), v.getHost() + ":" + v.getClusterPort()));
        return java.util.Map.copyOf(addresses);
    }

    private static TransactionLocations openTransactionLocations(Context context) {
        if (context.config().storage().kind() == io.yantar.node.config.NodeConfig.StorageKind.H2) {
            Path file = context.config().dataDir().resolve(TRANSACTION_INDEX_FILE);
            try {
                MvStoreTransactionLocations locations = MvStoreTransactionLocations.open(file, context.config().storage().indexCacheBytes());
                // Closed before the system counts as terminated: the file stays locked while open, and a node
                // restarted in the same JVM (tests) opens it again as soon as the old one is terminated.
                CoordinatedShutdown.get(context.actorContext().getSystem()).addTask(
                        CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "yantar-close-transaction-index",
                        () -> {
                            locations.close();
                            return CompletableFuture.completedFuture(Done.getInstance());
                        });
                return locations;
            } catch (RuntimeException e) {
                throw new IllegalStateException("the transaction index " + file + " could not be opened: " + e.getMessage(), e);
            }
        }
        try {
            JdbcTransactionLocations locations = JdbcTransactionLocations.open(context.config().storage());
            context.actorContext().getSystem().getWhenTerminated().thenRun(locations::close);
            return locations;
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("the transaction index table could not be opened: " + e.getMessage(), e);
        }
    }

    static Config coreConfig(String chainId, ConsensusParams params, io.yantar.node.config.NodeConfig.ConsensusSettings local) {
        Config config = Config.defaults(chainId);
        int batchTxs = params.getMaxBatchTxs() > 0 ? params.getMaxBatchTxs() : config.maxBatchTxs();
        config = config.withBatch(batchTxs, local.batchDelay().toMillis()).withProposalsInFlight(local.proposalsInFlightMax())
                .withRequestTimeout(local.requestTimeout().toMillis()).withStallThreshold(local.stallThreshold().toMillis());
        if (params.getCheckpointInterval() > 0) {
            config = config.withCheckpointInterval(params.getCheckpointInterval(),
                    Math.max(params.getWatermarkWindow(), 2 * params.getCheckpointInterval()));
        }
        long ledgerWindow = io.yantar.ledger.epoch.EpochRules.of(params).watermarkWindow();
        if (ledgerWindow + 1 < config.watermarkWindow()) {
            // The ledger starts an approved validator change beyond h + its window; replicas whose window
            // reaches further could already be ordering heights of the new epoch in the old one.
            throw new IllegalStateException("the genesis consensus watermark window (" + ledgerWindow + ") is smaller than the"
                    + " replicas' (" + config.watermarkWindow() + ", at least 2 x the checkpoint interval, 64 without consensus"
                    + " parameters): validator changes could take effect at heights already being ordered");
        }
        return config;
    }

    private static RecordCodec recordCodec(ProtoCodec codec) {
        return new RecordCodec() {
            @Override
            public ReplicaRecord encode(DurableRecord record) {
                return codec.toProto(record);
            }

            @Override
            public DurableRecord decode(ReplicaRecord record) {
                ProtoCodec.Decoded<DurableRecord> decoded = codec.decode(record);
                if (!decoded.ok()) {
                    throw new IllegalArgumentException("unreadable replica journal record: " + decoded.error());
                }
                return decoded.value();
            }
        };
    }

    /** Carries the replica's durable outputs into the node. */
    private record Effects(ReplicaHealth health, Counter restarts, ActorRef<PeerTransport.OutboxCommand> outbox,
                           java.util.function.Consumer<ValidatorSet> epochStarted, Function<Outbound, List<PeerTransport.OutboxCommand>> outgoing,
                           AtomicReference<ActorRef<LedgerActor.Command>> ledger, java.util.concurrent.atomic.AtomicLong orderedHeight,
                           Counter rejections, Counter viewChanges, java.util.concurrent.atomic.AtomicLong currentView,
                           io.yantar.node.metrics.Histogram proposalToCommit, ConsensusPhaseTimer phases, Counter stalls,
                           Counter stalledMillis)
            implements ReplicaEffects {
        @Override
        public void stalled(long millis) {
            stalls.increment();
            stalledMillis.add(millis);
        }

        @Override
        public void epochEntered(ValidatorSet validators) {
            outbox.tell(new PeerTransport.Follow(validators, true));
            epochStarted.accept(validators);
        }

        @Override
        public void restarting() {
            restarts.increment();
            health.restarting();
        }

        @Override
        public void recovered() {
            health.recovered();
        }

        @Override
        public void stopped(String reason) {
            health.stopped(reason);
        }

        @Override
        public void viewChanged(long view, boolean changing) {
            currentView.set(view);
            if (changing) {
                viewChanges.increment();
            }
        }

        @Override
        public void send(Outbound message) {
            outgoing.apply(message).forEach(outbox::tell);
        }

        @Override
        public void committed(CommittedBlock block) {
            if (!block.proposal().nullBlock()) {
                proposalToCommit.observe(Math.max(0, System.currentTimeMillis() - block.proposal().timestampMillis()) / 1000.0);
            }
            phases.committed(block);
            orderedHeight.accumulateAndGet(block.height(), Math::max);
            ledger.get().tell(new LedgerActor.Execute(block));
        }

        @Override
        public void persisting(List<DurableRecord> records) {
            phases.persisting(records);
        }

        @Override
        public void persisted(List<DurableRecord> records) {
            phases.persisted(records);
        }

        @Override
        public void checkpointStable(CheckpointCertificate certificate) {
            ledger.get().tell(new LedgerActor.CheckpointStable(certificate));
        }

        @Override
        public void fetchState(StateFetch fetch) {
            ledger.get().tell(new LedgerActor.FetchState(fetch));
        }

        @Override
        public void rejected(RejectReason reason) {
            rejections.increment(reason.name());
        }
    }

    static Bytes bytes(ByteString value) {
        return Bytes.wrap(value.toByteArray());
    }
}
