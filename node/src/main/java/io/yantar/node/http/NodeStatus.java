package io.yantar.node.http;

import io.yantar.node.ConsensusStatus.SilentValidator;
import java.util.List;

/**
 * The body of {@code GET /v1/status}. Consensus fields ({@code view}, {@code primary},
 * {@code notCommittingBecause}, {@code silentValidators}) are null until a replica supplies
 * them; {@code height} and {@code lastBlockHash} come from the block store.
 */
public record NodeStatus(
        String nodeId,
        String organisation,
        String role,
        String chainId,
        boolean ready,
        List<String> notReadyBecause,
        List<String> membersUp,
        List<String> reachablePeers,
        List<String> unreachablePeers,
        Long height,
        String lastBlockHash,
        Long view,
        String primary,
        String notCommittingBecause,
        List<SilentValidator> silentValidators) {
}
