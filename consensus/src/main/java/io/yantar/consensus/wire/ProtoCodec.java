package io.yantar.consensus.wire;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommitCertificate;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.crypto.Canonical;
import io.yantar.proto.AcceptedPrePrepare;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.ReplicaRecord;
import io.yantar.proto.ReplicaSignature;
import io.yantar.proto.RequestBatch;
import io.yantar.proto.SignedMessage;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Records of the core <-> protobuf messages of consensus.proto and storage.proto, for one chain.
 * Encoding is total; decoding answers {@link Decoded} and never throws on untrusted bytes. A
 * signed message is accepted only if its bytes are exactly the canonical encoding of what they
 * parse to, so the signed bytes and the record can never disagree.
 */
public final class ProtoCodec {
    /** Nested certificates are bounded so a hostile message cannot make decoding unbounded. */
    private static final int MAX_NESTED = 10_000;

    private final String chainId;

    public ProtoCodec(String chainId) {
        this.chainId = chainId;
    }

    /** A decoded value, or why the input was refused. */
    public record Decoded<T>(T value, String error) {
        static <T> Decoded<T> ok(T value) {
            return new Decoded<>(value, null);
        }

        static <T> Decoded<T> refused(String error) {
            return new Decoded<>(null, error);
        }

        public boolean ok() {
            return error == null;
        }
    }

    /** Thrown inside decoding only; turned into a {@link Decoded} refusal at the public boundary. */
    private static final class Refused extends Exception {
        Refused(String message) {
            super(message, null, false, false);
        }
    }

    // ------------------------------------------------------------------ encoding

    /** The {@code ConsensusMessage} whose canonical bytes are what {@code message}'s signer signs. */
    public io.yantar.proto.ConsensusMessage toProto(ConsensusMessage message) {
        io.yantar.proto.ConsensusMessage.Builder out = io.yantar.proto.ConsensusMessage.newBuilder();
        if (message instanceof PrePrepare m) {
            out.setPrePrepare(io.yantar.proto.PrePrepare.newBuilder().setChainId(chainId).setEpoch(m.epoch()).setView(m.view())
                    .setHeight(m.height()).setDigest(bytes(m.digest())).setReplica(m.replica()));
        } else if (message instanceof Prepare m) {
            out.setPrepare(io.yantar.proto.Prepare.newBuilder().setChainId(chainId).setEpoch(m.epoch()).setView(m.view())
                    .setHeight(m.height()).setDigest(bytes(m.digest())).setReplica(m.replica()));
        } else if (message instanceof Commit m) {
            out.setCommit(io.yantar.proto.Commit.newBuilder().setChainId(chainId).setEpoch(m.epoch()).setView(m.view())
                    .setHeight(m.height()).setDigest(bytes(m.digest())).setReplica(m.replica()));
        } else if (message instanceof Checkpoint m) {
            out.setCheckpoint(io.yantar.proto.Checkpoint.newBuilder().setChainId(chainId).setEpoch(m.epoch())
                    .setHeight(m.height()).setStateDigest(bytes(m.stateDigest())).setReplica(m.replica()));
        } else if (message instanceof ViewChange m) {
            io.yantar.proto.ViewChange.Builder viewChange = io.yantar.proto.ViewChange.newBuilder().setChainId(chainId)
                    .setEpoch(m.epoch()).setNewView(m.newView()).setStableHeight(m.stableHeight())
                    .setStableDigest(bytes(m.stableDigest())).setReplica(m.replica());
            m.checkpointProof().forEach(signed -> viewChange.addCheckpointProof(toProto(signed)));
            for (PreparedCertificate certificate : m.prepared()) {
                io.yantar.proto.PreparedCertificate.Builder proto = io.yantar.proto.PreparedCertificate.newBuilder()
                        .setPrePrepare(toProto(certificate.prePrepare())).setProposal(toProto(certificate.proposal()));
                certificate.prepares().forEach(signed -> proto.addPrepares(toProto(signed)));
                viewChange.addPrepared(proto);
            }
            out.setViewChange(viewChange);
        } else if (message instanceof NewView m) {
            io.yantar.proto.NewView.Builder newView = io.yantar.proto.NewView.newBuilder().setChainId(chainId)
                    .setEpoch(m.epoch()).setView(m.view()).setReplica(m.replica());
            m.viewChanges().forEach(signed -> newView.addViewChanges(toProto(signed)));
            m.prePrepares().forEach(signed -> newView.addPrePrepares(toProto(signed)));
            m.proposals().forEach(proposal -> newView.addProposals(toProto(proposal)));
            out.setNewView(newView);
        }
        return out.build();
    }

    /** The deterministic bytes a replica signs for {@code message}. */
    public byte[] signedBytes(ConsensusMessage message) {
        return Canonical.bytes(toProto(message));
    }

    public SignedMessage toProto(Signed signed) {
        return SignedMessage.newBuilder().setMessage(ByteString.copyFrom(signedBytes(signed.message())))
                .setSigner(signed.signer()).setSignature(bytes(signed.signature())).build();
    }

    public io.yantar.proto.Proposal toProto(Proposal proposal) {
        io.yantar.proto.Proposal.Builder out = io.yantar.proto.Proposal.newBuilder().setHeight(proposal.height())
                .setView(proposal.view()).setProposer(proposal.proposer()).setTimestampMillis(proposal.timestampMillis())
                .setNullBlock(proposal.nullBlock());
        proposal.payloads().forEach(payload -> out.addPayloads(bytes(payload)));
        return out.build();
    }

    public PeerEnvelope toProto(PeerMessage message, String senderNodeId) {
        PeerEnvelope.Builder out = PeerEnvelope.newBuilder().setSenderNodeId(senderNodeId);
        if (message instanceof Signed signed) {
            out.setSigned(toProto(signed));
        } else if (message instanceof ProposalMessage proposal) {
            out.setSigned(toProto(proposal.prePrepare())).setProposal(toProto(proposal.proposal()));
        } else if (message instanceof ForwardedRequests requests) {
            RequestBatch.Builder batch = RequestBatch.newBuilder();
            requests.payloads().forEach(payload -> batch.addPayloads(bytes(payload)));
            out.setRequests(batch);
        }
        return out.build();
    }

    public ReplicaRecord toProto(DurableRecord record) {
        ReplicaRecord.Builder out = ReplicaRecord.newBuilder();
        if (record instanceof DurableRecord.ViewEntered entered) {
            out.setViewEntered(entered.view());
        } else if (record instanceof DurableRecord.OwnMessage own) {
            out.setOwnMessage(toProto(own.message()));
        } else if (record instanceof DurableRecord.AcceptedPrePrepare accepted) {
            out.setAcceptedPrePrepare(AcceptedPrePrepare.newBuilder().setPrePrepare(toProto(accepted.prePrepare()))
                    .setProposal(toProto(accepted.proposal())));
        } else if (record instanceof DurableRecord.PeerMessage peer) {
            out.setPeerMessage(toProto(peer.message()));
        } else if (record instanceof DurableRecord.StableCheckpoint stable) {
            out.setStableCheckpoint(stable.height());
        } else if (record instanceof DurableRecord.EpochEntered entered) {
            out.setEpochEntered(toProto(entered));
        }
        return out.build();
    }

    private io.yantar.proto.EpochEntered toProto(DurableRecord.EpochEntered entered) {
        io.yantar.proto.EpochEntered.Builder out = io.yantar.proto.EpochEntered.newBuilder()
                .setEpoch(entered.validators().epoch()).setStartHeight(entered.validators().startHeight())
                .addAllMembers(entered.validators().members());
        CheckpointCertificate boundary = entered.boundary();
        if (boundary != null) {
            out.setHasBoundary(true).setBoundaryEpoch(boundary.epoch()).setBoundaryHeight(boundary.height())
                    .setBoundaryDigest(bytes(boundary.stateDigest()));
            boundary.checkpoints().forEach(checkpoint -> out.addBoundaryCheckpoints(toProto(checkpoint)));
        }
        return out.build();
    }

    private DurableRecord.EpochEntered fromProto(io.yantar.proto.EpochEntered entered) throws Refused {
        ValidatorSet validators;
        try {
            validators = new ValidatorSet(entered.getEpoch(), entered.getStartHeight(), entered.getMembersList());
        } catch (IllegalArgumentException invalid) {
            throw new Refused("invalid validator set: " + invalid.getMessage());
        }
        CheckpointCertificate boundary = null;
        if (entered.getHasBoundary()) {
            List<Signed> checkpoints = new ArrayList<>();
            for (SignedMessage checkpoint : entered.getBoundaryCheckpointsList()) {
                checkpoints.add(fromProto(checkpoint));
            }
            boundary = new CheckpointCertificate(entered.getBoundaryEpoch(), entered.getBoundaryHeight(),
                    Bytes.wrap(entered.getBoundaryDigest().toByteArray()), checkpoints);
        }
        return new DurableRecord.EpochEntered(validators, boundary);
    }

    /** The compact certificate of ledger.proto: the voted fields plus (replica, signature) pairs. */
    public io.yantar.proto.CommitCertificate toProto(CommitCertificate certificate) {
        io.yantar.proto.CommitCertificate.Builder out = io.yantar.proto.CommitCertificate.newBuilder()
                .setEpoch(certificate.epoch()).setView(certificate.view()).setHeight(certificate.height())
                .setProposalDigest(bytes(certificate.digest()));
        certificate.commits().forEach(commit -> out.addSignatures(ReplicaSignature.newBuilder().setReplica(commit.signer())
                .setSignature(bytes(commit.signature()))));
        return out.build();
    }

    public io.yantar.proto.CheckpointCertificate toProto(CheckpointCertificate certificate) {
        io.yantar.proto.CheckpointCertificate.Builder out = io.yantar.proto.CheckpointCertificate.newBuilder()
                .setEpoch(certificate.epoch()).setHeight(certificate.height()).setBlockHash(bytes(certificate.stateDigest()));
        certificate.checkpoints().forEach(checkpoint -> out.addSignatures(ReplicaSignature.newBuilder()
                .setReplica(checkpoint.signer()).setSignature(bytes(checkpoint.signature()))));
        return out.build();
    }

    // ------------------------------------------------------------------ decoding

    public Decoded<PeerMessage> decodePeerMessage(byte[] envelopeBytes) {
        try {
            return Decoded.ok(fromProto(PeerEnvelope.parseFrom(envelopeBytes)));
        } catch (InvalidProtocolBufferException malformed) {
            return Decoded.refused("malformed envelope: " + malformed.getMessage());
        } catch (Refused refused) {
            return Decoded.refused(refused.getMessage());
        }
    }

    public Decoded<PeerMessage> decode(PeerEnvelope envelope) {
        try {
            return Decoded.ok(fromProto(envelope));
        } catch (Refused refused) {
            return Decoded.refused(refused.getMessage());
        }
    }

    public Decoded<DurableRecord> decode(ReplicaRecord record) {
        try {
            return Decoded.ok(fromProto(record));
        } catch (Refused refused) {
            return Decoded.refused(refused.getMessage());
        }
    }

    private PeerMessage fromProto(PeerEnvelope envelope) throws Refused {
        switch (envelope.getBodyCase()) {
            case SIGNED -> {
                Signed signed = fromProto(envelope.getSigned());
                if (signed.message() instanceof PrePrepare) {
                    if (!envelope.hasProposal()) {
                        throw new Refused("a PRE-PREPARE must travel with its proposal");
                    }
                    return new ProposalMessage(signed, fromProto(envelope.getProposal()));
                }
                return signed;
            }
            case REQUESTS -> {
                List<Bytes> payloads = new ArrayList<>();
                for (ByteString payload : bounded(envelope.getRequests().getPayloadsList())) {
                    payloads.add(Bytes.wrap(payload.toByteArray()));
                }
                return new ForwardedRequests(payloads);
            }
            default -> throw new Refused("envelope body " + envelope.getBodyCase() + " is not for the consensus core");
        }
    }

    private DurableRecord fromProto(ReplicaRecord record) throws Refused {
        return switch (record.getRecordCase()) {
            case VIEW_ENTERED -> new DurableRecord.ViewEntered(record.getViewEntered());
            case OWN_MESSAGE -> new DurableRecord.OwnMessage(fromProto(record.getOwnMessage()));
            case ACCEPTED_PRE_PREPARE -> new DurableRecord.AcceptedPrePrepare(
                    fromProto(record.getAcceptedPrePrepare().getPrePrepare()), fromProto(record.getAcceptedPrePrepare().getProposal()));
            case PEER_MESSAGE -> new DurableRecord.PeerMessage(fromProto(record.getPeerMessage()));
            case STABLE_CHECKPOINT -> new DurableRecord.StableCheckpoint(record.getStableCheckpoint());
            case EPOCH_ENTERED -> fromProto(record.getEpochEntered());
            default -> throw new Refused("empty replica record");
        };
    }

    private Signed fromProto(SignedMessage signed) throws Refused {
        byte[] body = signed.getMessage().toByteArray();
        io.yantar.proto.ConsensusMessage parsed;
        try {
            parsed = io.yantar.proto.ConsensusMessage.parseFrom(body);
        } catch (InvalidProtocolBufferException malformed) {
            throw new Refused("malformed signed message: " + malformed.getMessage());
        }
        if (!Arrays.equals(Canonical.bytes(parsed), body)) {
            throw new Refused("signed bytes are not in canonical form");
        }
        ConsensusMessage message = fromProto(parsed);
        if (message.replica() != signed.getSigner()) {
            throw new Refused("signer " + signed.getSigner() + " differs from the message's replica " + message.replica());
        }
        return new Signed(message, Bytes.wrap(signed.getSignature().toByteArray()));
    }

    private ConsensusMessage fromProto(io.yantar.proto.ConsensusMessage message) throws Refused {
        switch (message.getBodyCase()) {
            case PRE_PREPARE -> {
                io.yantar.proto.PrePrepare m = message.getPrePrepare();
                checkChain(m.getChainId());
                return new PrePrepare(m.getEpoch(), m.getView(), m.getHeight(), wrap(m.getDigest()), m.getReplica());
            }
            case PREPARE -> {
                io.yantar.proto.Prepare m = message.getPrepare();
                checkChain(m.getChainId());
                return new Prepare(m.getEpoch(), m.getView(), m.getHeight(), wrap(m.getDigest()), m.getReplica());
            }
            case COMMIT -> {
                io.yantar.proto.Commit m = message.getCommit();
                checkChain(m.getChainId());
                return new Commit(m.getEpoch(), m.getView(), m.getHeight(), wrap(m.getDigest()), m.getReplica());
            }
            case CHECKPOINT -> {
                io.yantar.proto.Checkpoint m = message.getCheckpoint();
                checkChain(m.getChainId());
                return new Checkpoint(m.getEpoch(), m.getHeight(), wrap(m.getStateDigest()), m.getReplica());
            }
            case VIEW_CHANGE -> {
                io.yantar.proto.ViewChange m = message.getViewChange();
                checkChain(m.getChainId());
                List<Signed> proof = new ArrayList<>();
                for (SignedMessage signed : bounded(m.getCheckpointProofList())) {
                    proof.add(fromProto(signed));
                }
                List<PreparedCertificate> prepared = new ArrayList<>();
                for (io.yantar.proto.PreparedCertificate certificate : bounded(m.getPreparedList())) {
                    List<Signed> prepares = new ArrayList<>();
                    for (SignedMessage signed : bounded(certificate.getPreparesList())) {
                        prepares.add(fromProto(signed));
                    }
                    prepared.add(new PreparedCertificate(fromProto(certificate.getPrePrepare()), fromProto(certificate.getProposal()),
                            prepares));
                }
                return new ViewChange(m.getEpoch(), m.getNewView(), m.getStableHeight(), wrap(m.getStableDigest()), proof, prepared,
                        m.getReplica());
            }
            case NEW_VIEW -> {
                io.yantar.proto.NewView m = message.getNewView();
                checkChain(m.getChainId());
                List<Signed> viewChanges = new ArrayList<>();
                for (SignedMessage signed : bounded(m.getViewChangesList())) {
                    viewChanges.add(fromProto(signed));
                }
                List<Signed> prePrepares = new ArrayList<>();
                for (SignedMessage signed : bounded(m.getPrePreparesList())) {
                    prePrepares.add(fromProto(signed));
                }
                List<Proposal> proposals = new ArrayList<>();
                for (io.yantar.proto.Proposal proposal : bounded(m.getProposalsList())) {
                    proposals.add(fromProto(proposal));
                }
                return new NewView(m.getEpoch(), m.getView(), viewChanges, prePrepares, proposals, m.getReplica());
            }
            default -> throw new Refused("consensus message without a body");
        }
    }

    private Proposal fromProto(io.yantar.proto.Proposal proposal) throws Refused {
        if (proposal.getNullBlock() && proposal.getPayloadsCount() > 0) {
            throw new Refused("a null proposal carries payloads");
        }
        List<Bytes> payloads = new ArrayList<>(proposal.getPayloadsCount());
        for (ByteString payload : bounded(proposal.getPayloadsList())) {
            payloads.add(Bytes.wrap(payload.toByteArray()));
        }
        return new Proposal(proposal.getHeight(), proposal.getView(), proposal.getProposer(), proposal.getTimestampMillis(),
                proposal.getNullBlock(), payloads);
    }

    private void checkChain(String messageChainId) throws Refused {
        if (!chainId.equals(messageChainId)) {
            throw new Refused("message for chain '" + messageChainId + "', this is '" + chainId + "'");
        }
    }

    private static <T> List<T> bounded(List<T> list) throws Refused {
        if (list.size() > MAX_NESTED) {
            throw new Refused("more than " + MAX_NESTED + " nested items");
        }
        return list;
    }

    private static ByteString bytes(Bytes value) {
        return ByteString.copyFrom(value.toArray());
    }

    private static Bytes wrap(ByteString value) {
        return Bytes.wrap(value.toByteArray());
    }
}
