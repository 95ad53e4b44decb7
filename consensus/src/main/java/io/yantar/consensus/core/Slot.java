package io.yantar.consensus.core;

import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Everything one replica knows about one height inside the watermark window. */
final class Slot {
    /** Proposals kept per height for catching up through commit certificates (one per view that proposed). */
    private static final int MAX_KNOWN_PROPOSALS = 4;

    final long height;
    /** The PRE-PREPARE accepted for voting, in {@link #acceptedView} (-1: none). */
    Signed acceptedPrePrepare;
    Proposal acceptedProposal;
    List<RequestKey> acceptedKeys = List.of();
    long acceptedView = -1;
    Bytes acceptedDigest;
    Signed ownPrepare;
    Signed ownCommit;
    /** The prepared certificate of the highest view this replica prepared in. */
    PreparedCertificate prepared;
    final VoteTally prepares = new VoteTally();
    final VoteTally commits = new VoteTally();
    /** Proposals by digest, from PRE-PREPAREs of any view: with a commit certificate they suffice to commit. */
    final Map<Bytes, ProposalMessage> knownProposals = new LinkedHashMap<>();
    CommittedBlock committed;

    Slot(long height) {
        this.height = height;
    }

    void accept(Signed prePrepare, Proposal proposal, List<RequestKey> keys) {
        PrePrepare header = (PrePrepare) prePrepare.message();
        if (header.view() <= acceptedView) {
            throw new IllegalStateException("height " + height + ": accepting view " + header.view() + " after view " + acceptedView);
        }
        acceptedPrePrepare = prePrepare;
        acceptedProposal = proposal;
        acceptedKeys = keys;
        acceptedView = header.view();
        acceptedDigest = header.digest();
        ownPrepare = null;
        ownCommit = null;
        remember(new ProposalMessage(prePrepare, proposal));
    }

    /** Keeps a verified PRE-PREPARE with its proposal (its digest checked by the caller). */
    void remember(ProposalMessage message) {
        Bytes digest = ((PrePrepare) message.prePrepare().message()).digest();
        if (!knownProposals.containsKey(digest)) {
            if (knownProposals.size() >= MAX_KNOWN_PROPOSALS) {
                knownProposals.remove(knownProposals.keySet().iterator().next());
            }
            knownProposals.put(digest, message);
        }
    }

    Proposal knownProposal(Bytes digest) {
        ProposalMessage message = knownProposals.get(digest);
        return message == null ? null : message.proposal();
    }

    boolean acceptedIn(long view) {
        return acceptedView == view && acceptedPrePrepare != null;
    }

    /** Non-null timestamp of the accepted proposal, or -1 for none / null blocks. */
    long acceptedTimestamp() {
        return acceptedProposal == null || acceptedProposal.nullBlock() ? -1 : acceptedProposal.timestampMillis();
    }
}
