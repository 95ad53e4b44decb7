package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;
import java.util.List;

/**
 * The ordered content of one height. A re-proposal after a view change keeps view, proposer and
 * timestamp, so the digest (computed by the application) never changes. A null proposal fills a
 * gap left by a view change.
 */
public record Proposal(long height, long view, int proposer, long timestampMillis, boolean nullBlock, List<Bytes> payloads) {
    public Proposal {
        payloads = List.copyOf(payloads);
        if (nullBlock && !payloads.isEmpty()) {
            throw new IllegalArgumentException("a null proposal carries no payloads");
        }
    }

    public static Proposal nullProposal(long height, long view, int proposer) {
        return new Proposal(height, view, proposer, 0, true, List.of());
    }

    public long payloadBytes() {
        long total = 0;
        for (Bytes payload : payloads) {
            total += payload.length();
        }
        return total;
    }
}
