package io.yantar.node;

import io.yantar.crypto.SigningKey;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.proto.Genesis;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.apache.pekko.actor.typed.javadsl.ActorContext;

/**
 * Where the consensus replica plugs into the node. The node guardian calls {@link #start}
 * once the journal schema exists and the block store has been spawned; the plug-in spawns
 * its actors as children of the guardian ({@code context.actorContext().spawn(...)}) and
 * returns how the rest of the node talks to it.
 */
@FunctionalInterface
public interface ReplicaPlugin {

    Replica start(Context context);

    /**
     * @param actorContext the node guardian's context: spawn the replica here
     * @param signingKey this validator's consensus key, read from its key file
     * @param firstReady completes when the node is first ready: for work that must not slow its start
     */
    record Context(
            ActorContext<?> actorContext,
            NodeConfig config,
            Genesis genesis,
            SigningKey signingKey,
            BlockStoreClient blockStore,
            MetricsRegistry metrics,
            CompletionStage<Void> firstReady) {
    }

    /**
     * @param submitter where {@code POST /v1/transactions} sends transactions
     * @param status the consensus fields of {@code GET /v1/status}, empty while unknown
     * @param readiness extra conditions of {@code /health/ready} (e.g. caught up)
     * @param ledger reads of the executed ledger (accounts, transactions, blocks, proofs); empty without a replica
     */
    record Replica(TransactionSubmitter submitter, Supplier<Optional<ConsensusStatus>> status, List<ReadinessCondition> readiness,
                   Optional<LedgerQueries> ledger) {
        public Replica {
            readiness = List.copyOf(readiness);
        }

        public Replica(TransactionSubmitter submitter, Supplier<Optional<ConsensusStatus>> status, List<ReadinessCondition> readiness,
                       LedgerQueries ledger) {
            this(submitter, status, readiness, Optional.of(ledger));
        }
    }

    /** No replica: the node stores, serves health and status, and refuses transactions with 503. */
    ReplicaPlugin NONE = context -> new Replica(TransactionSubmitter.NO_REPLICA, Optional::empty, List.of(), Optional.empty());
}
