package io.yantar.consensus.core;

import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Computes the set O of a NEW-VIEW from 2f+1 valid VIEW-CHANGEs. The new primary builds its
 * NEW-VIEW with it and every backup recomputes it to check the primary: the one rule both share.
 */
public final class NewViewPlanner {
    /** The highest stable checkpoint among the view changes, and the proposals for heights above it. */
    public record Plan(long stableHeight, Bytes stableDigest, List<Signed> stableProof, List<Proposal> proposals) {
        public long maxHeight() {
            return proposals.isEmpty() ? stableHeight : proposals.get(proposals.size() - 1).height();
        }
    }

    private NewViewPlanner() {
    }

    /**
     * min-s is the highest stable checkpoint; max-s the highest prepared height. Each height in
     * (min-s, max-s] gets the proposal of the certificate with the highest view (kept as it was,
     * so its digest does not change), or a null proposal by the new primary.
     */
    public static Plan plan(List<ViewChange> viewChanges, long newView, int newPrimary) {
        ViewChange highestStable = viewChanges.get(0);
        for (ViewChange viewChange : viewChanges) {
            if (viewChange.stableHeight() > highestStable.stableHeight()) {
                highestStable = viewChange;
            }
        }
        long minHeight = highestStable.stableHeight();
        Map<Long, PreparedCertificate> best = new HashMap<>();
        long maxHeight = minHeight;
        for (ViewChange viewChange : viewChanges) {
            for (PreparedCertificate certificate : viewChange.prepared()) {
                long height = certificate.header().height();
                if (height <= minHeight) {
                    continue;
                }
                PreparedCertificate current = best.get(height);
                if (current == null || certificate.header().view() > current.header().view()) {
                    best.put(height, certificate);
                }
                maxHeight = Math.max(maxHeight, height);
            }
        }
        List<Proposal> proposals = new ArrayList<>();
        for (long height = minHeight + 1; height <= maxHeight; height++) {
            PreparedCertificate certificate = best.get(height);
            proposals.add(certificate != null ? certificate.proposal() : Proposal.nullProposal(height, newView, newPrimary));
        }
        return new Plan(minHeight, highestStable.stableDigest(), highestStable.checkpointProof(), proposals);
    }
}
