package io.yantar.node;

import io.yantar.node.config.NodeConfig;
import io.yantar.node.config.NodeCredentials;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.node.store.BlockStoreClient;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the node's parts share: configuration, credentials, metrics, readiness, and the
 * components the guardian creates once the journal schema exists (block store, replica).
 */
final class NodeRuntime {
    final NodeConfig config;
    final NodeCredentials credentials;
    final MetricsRegistry metrics;
    final Readiness readiness = new Readiness();
    final ReplicaPlugin replicaPlugin;
    final CompletableFuture<BlockStoreClient> blockStore = new CompletableFuture<>();
    final AtomicBoolean blockStoreRecovered = new AtomicBoolean();
    final AtomicLong storedHeight = new AtomicLong();
    final AtomicReference<ReplicaPlugin.Replica> replica = new AtomicReference<>();

    NodeRuntime(NodeConfig config, NodeCredentials credentials, MetricsRegistry metrics, ReplicaPlugin replicaPlugin) {
        this.config = config;
        this.credentials = credentials;
        this.metrics = metrics;
        this.replicaPlugin = replicaPlugin;
    }

    Optional<BlockStoreClient> blockStoreIfStarted() {
        return Optional.ofNullable(blockStore.getNow(null));
    }

    TransactionSubmitter submitter() {
        ReplicaPlugin.Replica running = replica.get();
        return running == null ? TransactionSubmitter.NO_REPLICA : running.submitter();
    }

    Optional<LedgerQueries> ledger() {
        ReplicaPlugin.Replica running = replica.get();
        return running == null ? Optional.empty() : running.ledger();
    }

    Optional<ConsensusStatus> consensusStatus() {
        ReplicaPlugin.Replica running = replica.get();
        return running == null ? Optional.empty() : running.status().get();
    }
}
