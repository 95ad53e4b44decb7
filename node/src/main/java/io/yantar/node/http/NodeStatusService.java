package io.yantar.node.http;

import io.yantar.crypto.Hex;
import io.yantar.node.ConsensusStatus;
import io.yantar.node.Readiness;
import io.yantar.node.cluster.ClusterView;
import io.yantar.node.config.NodeConfig;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** Assembles {@link NodeStatus} from the node's parts at request time. */
public final class NodeStatusService {
    private final NodeConfig.Identity identity;
    private final String chainId;
    private final Readiness readiness;
    private final ClusterView cluster;
    private final Supplier<Optional<BlockStoreClient>> blockStore;
    private final Supplier<Optional<ConsensusStatus>> consensus;

    public NodeStatusService(NodeConfig.Identity identity, String chainId, Readiness readiness, ClusterView cluster,
            Supplier<Optional<BlockStoreClient>> blockStore, Supplier<Optional<ConsensusStatus>> consensus) {
        this.identity = identity;
        this.chainId = chainId;
        this.readiness = readiness;
        this.cluster = cluster;
        this.blockStore = blockStore;
        this.consensus = consensus;
    }

    public CompletionStage<NodeStatus> status() {
        CompletionStage<Optional<BlockStore.Tip>> tip = blockStore.get()
                .map(store -> store.tip().thenApply(Optional::of).exceptionally(failure -> Optional.empty()))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
        return tip.thenApply(this::assemble);
    }

    private NodeStatus assemble(Optional<BlockStore.Tip> tip) {
        ClusterView.Snapshot members = cluster.snapshot();
        List<String> notReady = readiness.unmetReasons();
        Optional<ConsensusStatus> replica = consensus.get();
        return new NodeStatus(
                identity.nodeId(),
                identity.organisation(),
                identity.role(),
                chainId,
                notReady.isEmpty(),
                notReady,
                members.membersUp(),
                members.reachablePeers(),
                members.unreachablePeers(),
                tip.map(BlockStore.Tip::height).orElse(null),
                tip.map(t -> Hex.encode(t.lastBlockHash().toByteArray())).orElse(null),
                replica.map(ConsensusStatus::view).orElse(null),
                replica.map(ConsensusStatus::primary).orElse(null),
                replica.map(ConsensusStatus::notCommittingBecause).orElse(null),
                replica.map(ConsensusStatus::silentValidators).orElse(null));
    }
}
