package io.yantar.node;

import java.util.List;

/**
 * The replica's part of {@code GET /v1/status}, supplied by the replica plug-in.
 *
 * @param primary node id of the primary of {@code view}
 * @param notCommittingBecause empty while committing; otherwise one sentence saying why not
 * @param silentValidators validators not heard from recently, with the view each last spoke in
 */
public record ConsensusStatus(long view, String primary, String notCommittingBecause, List<SilentValidator> silentValidators) {
    public ConsensusStatus {
        silentValidators = List.copyOf(silentValidators);
    }

    public record SilentValidator(String nodeId, long lastView) {
    }
}
