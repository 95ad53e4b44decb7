package io.yantar.consensus.sim;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.core.message.Vote;

/** A deterministic 64-bit hash of every field of a consensus message: what the fake signatures cover. */
final class ContentHash {
    private ContentHash() {
    }

    static long of(ConsensusMessage message) {
        Hash64 hash = new Hash64(0x51_67_4E_45_44L);
        add(hash, message);
        return hash.value();
    }

    private static void add(Hash64 hash, ConsensusMessage message) {
        hash.add(message.epoch()).add(message.replica());
        if (message instanceof Vote vote) {
            long kind = vote instanceof io.yantar.consensus.core.message.PrePrepare ? 1
                    : vote instanceof io.yantar.consensus.core.message.Prepare ? 2 : 3;
            hash.add(kind).add(vote.view()).add(vote.height()).add(vote.digest());
        } else if (message instanceof Checkpoint checkpoint) {
            hash.add(4).add(checkpoint.height()).add(checkpoint.stateDigest());
        } else if (message instanceof ViewChange viewChange) {
            hash.add(5).add(viewChange.newView()).add(viewChange.stableHeight()).add(viewChange.stableDigest());
            addAll(hash, viewChange.checkpointProof());
            hash.add(viewChange.prepared().size());
            for (PreparedCertificate certificate : viewChange.prepared()) {
                add(hash, certificate.prePrepare());
                add(hash, certificate.proposal());
                addAll(hash, certificate.prepares());
            }
        } else if (message instanceof NewView newView) {
            hash.add(6).add(newView.view());
            addAll(hash, newView.viewChanges());
            addAll(hash, newView.prePrepares());
            hash.add(newView.proposals().size());
            for (Proposal proposal : newView.proposals()) {
                add(hash, proposal);
            }
        }
    }

    private static void addAll(Hash64 hash, java.util.List<Signed> list) {
        hash.add(list.size());
        for (Signed signed : list) {
            add(hash, signed);
        }
    }

    private static void add(Hash64 hash, Signed signed) {
        hash.add(of(signed.message())).add(signed.signature());
    }

    private static void add(Hash64 hash, Proposal proposal) {
        hash.add(proposal.height()).add(proposal.view()).add(proposal.proposer()).add(proposal.timestampMillis())
                .add(proposal.nullBlock()).add(proposal.payloads().size());
        for (var payload : proposal.payloads()) {
            hash.add(payload);
        }
    }
}
