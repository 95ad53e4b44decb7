package io.yantar.consensus.sim;

import io.yantar.consensus.core.Input;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.Outputs;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.core.message.Vote;

/** One-line descriptions of inputs, messages and outputs for the message trace. */
final class Describe {
    private Describe() {
    }

    static String input(Input input) {
        if (input instanceof Input.FromPeer fromPeer) {
            return "r" + fromPeer.sender() + ": " + message(fromPeer.message());
        }
        if (input instanceof Input.ClientRequest) {
            return "client request";
        }
        if (input instanceof Input.Tick tick) {
            return "tick " + tick.nowMillis();
        }
        if (input instanceof Input.Executed executed) {
            return "executed h" + executed.height() + " -> " + executed.stateDigest();
        }
        if (input instanceof Input.EpochScheduled scheduled) {
            return "epoch " + scheduled.next().epoch() + " scheduled from height " + scheduled.next().startHeight() + ": "
                    + scheduled.next().members();
        }
        if (input instanceof Input.StateTransferred transferred) {
            return "state transferred to h" + transferred.height();
        }
        return input.toString();
    }

    static String message(PeerMessage message) {
        if (message instanceof ForwardedRequests forwarded) {
            return "REQUESTS x" + forwarded.payloads().size();
        }
        if (message instanceof ProposalMessage proposal) {
            return body(proposal.prePrepare().message()) + " [" + proposal.proposal().payloads().size() + " requests"
                    + (proposal.proposal().nullBlock() ? ", null" : "") + "]";
        }
        return body(((Signed) message).message());
    }

    private static String body(ConsensusMessage message) {
        String signer = " by r" + message.replica();
        if (message instanceof Vote vote) {
            return vote.getClass().getSimpleName().toUpperCase() + "(v" + vote.view() + " h" + vote.height() + " " + vote.digest() + ")" + signer;
        }
        if (message instanceof Checkpoint checkpoint) {
            return "CHECKPOINT(h" + checkpoint.height() + " " + checkpoint.stateDigest() + ")" + signer;
        }
        if (message instanceof ViewChange viewChange) {
            return "VIEW-CHANGE(v" + viewChange.newView() + " stable h" + viewChange.stableHeight() + ", "
                    + viewChange.prepared().size() + " prepared)" + signer;
        }
        NewView newView = (NewView) message;
        return "NEW-VIEW(v" + newView.view() + ", " + newView.viewChanges().size() + " view changes, "
                + newView.prePrepares().size() + " pre-prepares)" + signer;
    }

    static String outputs(Outputs outputs) {
        StringBuilder out = new StringBuilder();
        if (!outputs.persist().isEmpty()) {
            out.append("\n            persist ").append(outputs.persist().size()).append(" records");
        }
        outputs.persist().stream().filter(record -> record instanceof io.yantar.consensus.core.DurableRecord.EpochEntered)
                .map(record -> ((io.yantar.consensus.core.DurableRecord.EpochEntered) record).validators())
                .forEach(set -> out.append("\n            ENTERED epoch ").append(set.epoch()).append(" from h")
                        .append(set.startHeight()).append(' ').append(set.members()));
        for (Outbound outbound : outputs.send()) {
            out.append("\n            send ").append(outbound.broadcast() ? "all" : "r" + outbound.to()).append(' ')
                    .append(message(outbound.message()));
        }
        outputs.committed().forEach(block -> out.append("\n            COMMITTED h").append(block.height()).append(' ')
                .append(block.certificate().digest()).append(" v").append(block.certificate().view()).append(" (")
                .append(block.proposal().payloads().size()).append(" requests)"));
        outputs.stableCheckpoints().forEach(certificate -> out.append("\n            STABLE checkpoint h").append(certificate.height()));
        outputs.fetches().forEach(fetch -> out.append("\n            FETCH state up to h").append(fetch.height()));
        outputs.rejected().forEach(reason -> out.append("\n            rejected: ").append(reason));
        return out.toString();
    }
}
