package io.yantar.consensus.core;

import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    /**
     * A backup's check of a NEW-VIEW (signature and primary checked by the caller): 2f+1 valid
     * VIEW-CHANGEs for its view from distinct replicas, and exactly the PRE-PREPAREs and
     * proposals that O computed from them dictates. Empty if anything differs.
     */
    public static Optional<Plan> verify(NewView newView, Certificates certificates, Application application) {
        Set<Integer> signers = new HashSet<>();
        List<ViewChange> viewChanges = new ArrayList<>();
        for (Signed signed : newView.viewChanges()) {
            if (!certificates.authentic(signed) || !(signed.message() instanceof ViewChange viewChange)
                    || viewChange.newView() != newView.view() || !signers.add(viewChange.replica())
                    || !certificates.validViewChange(viewChange)) {
                return Optional.empty();
            }
            viewChanges.add(viewChange);
        }
        if (signers.size() < certificates.quorum()) {
            return Optional.empty();
        }
        Plan plan = plan(viewChanges, newView.view(), newView.replica());
        if (!plan.proposals().equals(newView.proposals()) || newView.prePrepares().size() != plan.proposals().size()) {
            return Optional.empty();
        }
        for (int i = 0; i < plan.proposals().size(); i++) {
            Signed signed = newView.prePrepares().get(i);
            Proposal proposal = plan.proposals().get(i);
            if (!(signed.message() instanceof PrePrepare prePrepare) || !certificates.authentic(signed)
                    || prePrepare.view() != newView.view() || prePrepare.replica() != newView.replica()
                    || prePrepare.height() != proposal.height() || !prePrepare.digest().equals(application.digest(proposal))) {
                return Optional.empty();
            }
        }
        return Optional.of(plan);
    }
}
