package io.yantar.node;

import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.node.cluster.ClusterEventLogger;
import io.yantar.node.store.BlockHasher;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.node.store.JournalBlockReader;
import io.yantar.node.store.JournalSchema;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's root actor. Creates the journal schema first (a persistent actor started before
 * it would fail its recovery), then spawns the block store and the replica plug-in, and logs
 * readiness transitions.
 */
final class NodeGuardian {
    private static final Logger LOG = LoggerFactory.getLogger("yantar.node");
    private static final Duration READINESS_CHECK_INTERVAL = Duration.ofMillis(500);
    private static final Duration STORE_ASK_TIMEOUT = Duration.ofSeconds(10);
    private static final int JOURNAL_READS_IN_FLIGHT_MAX = 64;

    sealed interface Command {
    }

    private record SchemaReady() implements Command {
    }

    private record SchemaFailed(String reason) implements Command {
    }

    private record CheckReadiness() implements Command {
    }

    private NodeGuardian() {
    }

    static Behavior<Command> create(NodeRuntime runtime) {
        return Behaviors.setup(context -> {
            String nodeId = runtime.config.identity().nodeId();
            context.spawn(ClusterEventLogger.create(nodeId), "cluster-events");
            try {
                context.pipeToSelf(JournalSchema.createIfNotExists(context.getSystem()), (done, failure) ->
                        failure == null ? new SchemaReady() : new SchemaFailed(YantarNode.rootMessage(failure)));
            } catch (RuntimeException e) {
                // The plugin throws at once when the database settings are unusable.
                context.getSelf().tell(new SchemaFailed(YantarNode.rootMessage(e)));
            }
            return Behaviors.withTimers(timers -> {
                timers.startTimerWithFixedDelay(new CheckReadiness(), READINESS_CHECK_INTERVAL);
                return running(context, runtime, false);
            });
        });
    }

    private static Behavior<Command> running(ActorContext<Command> context, NodeRuntime runtime, boolean wasReady) {
        return Behaviors.receive(Command.class)
                .onMessage(SchemaReady.class, ready -> {
                    startComponents(context, runtime);
                    return Behaviors.same();
                })
                .onMessage(SchemaFailed.class, failed -> {
                    String reason = "the journal schema could not be created: " + failed.reason();
                    LOG.error(reason);
                    runtime.blockStore.completeExceptionally(new NodeStartException(reason));
                    context.getSystem().terminate();
                    return Behaviors.same();
                })
                .onMessage(CheckReadiness.class, check -> {
                    List<String> unmet = runtime.readiness.unmetReasons();
                    boolean ready = unmet.isEmpty();
                    if (ready != wasReady) {
                        if (ready) {
                            LOG.info("{} is ready", runtime.config.identity().nodeId());
                            runtime.readiness.seenReady();
                        } else {
                            LOG.info("{} is not ready: {}", runtime.config.identity().nodeId(), String.join("; ", unmet));
                        }
                        return running(context, runtime, ready);
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private static void startComponents(ActorContext<Command> context, NodeRuntime runtime) {
        String nodeId = runtime.config.identity().nodeId();
        BlockStore.Settings settings = new BlockStore.Settings(
                "blocks-" + nodeId,
                runtime.config.storage().blockCacheSize(),
                runtime.config.storage().blockCacheBytes(),
                JOURNAL_READS_IN_FLIGHT_MAX,
                Optional.of(runtime.credentials.genesisBlockHash()));
        ActorRef<BlockStore.Command> store = context.spawn(BlockStore.create(
                settings,
                headerHasher(runtime.credentials.suite()),
                new JournalBlockReader(context.getSystem()),
                tip -> {
                    runtime.storedHeight.set(tip.height());
                    runtime.blockStoreRecovered.set(true);
                    LOG.info("block store recovered at height {}", tip.height());
                }), "block-store");
        BlockStoreClient client = new BlockStoreClient(store, context.getSystem(), STORE_ASK_TIMEOUT, runtime.metrics, runtime.storedHeight);
        ReplicaPlugin.Replica replica = runtime.replicaPlugin.start(new ReplicaPlugin.Context(
                context, runtime.config, runtime.credentials.genesis(), runtime.credentials.signingKey(), client, runtime.metrics,
                runtime.readiness.firstReady()));
        replica.readiness().forEach(runtime.readiness::add);
        runtime.replica.set(replica);
        runtime.blockStore.complete(client);
    }

    /** The ledger's block hash, the link between consecutive blocks. */
    static BlockHasher headerHasher(CryptoSuite suite) {
        return new BlockHashes(suite)::blockHash;
    }
}
