package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.node.faults.ByzantineMode;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.SignedMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A test-only Byzantine node ({@code yantar node --byzantine MODE}): the honest core runs, and
 * what it sends is rewritten here before the outbox. It signs only with its own key, as a real
 * attacker holding one validator key could. One instance per node, used by the replica's
 * effects only (one thread at a time).
 */
final class ByzantineBehaviour {
    private static final int REPLAY_MEMORY = 512;
    private static final int GARBAGE_BYTES_MAX = 96;

    private final ByzantineMode mode;
    private final int self;
    private final int validators;
    private final Authenticator authenticator;
    private final Application application;
    private final Random random;
    private final List<PeerMessage> sent = new ArrayList<>();

    ByzantineBehaviour(ByzantineMode mode, int self, int validators, Authenticator authenticator, Application application, long seed) {
        this.mode = mode;
        this.self = self;
        this.validators = validators;
        this.authenticator = authenticator;
        this.application = application;
        this.random = new Random(seed);
    }

    /** What the outbox is told instead of sending {@code honest}. */
    List<PeerTransport.OutboxCommand> rewrite(Outbound honest) {
        return switch (mode) {
            case SILENT -> List.of();
            case EQUIVOCATE -> equivocate(honest);
            case GARBAGE -> garbage(honest);
            case REPLAY -> replay(honest);
        };
    }

    /**
     * Its own proposals: the real one to even peers, a twin (another timestamp) with a
     * COMMIT for it to odd peers. Its PREPAREs and COMMITs: the real vote to even peers, a vote
     * for another digest to odd peers.
     */
    private List<PeerTransport.OutboxCommand> equivocate(Outbound honest) {
        PeerMessage message = honest.message();
        List<PeerTransport.OutboxCommand> out = new ArrayList<>();
        if (message instanceof ProposalMessage proposal && proposal.prePrepare().signer() == self) {
            PrePrepare original = (PrePrepare) proposal.prePrepare().message();
            Proposal twin = alternative(proposal.proposal());
            Bytes twinDigest = application.digest(twin);
            PeerMessage twinProposal = new ProposalMessage(sign(new PrePrepare(original.epoch(), original.view(), original.height(),
                    twinDigest, self)), twin);
            PeerMessage twinCommit = sign(new Commit(original.epoch(), original.view(), original.height(), twinDigest, self));
            for (int peer : recipients(honest)) {
                if (peer % 2 == 0) {
                    out.add(send(peer, message));
                } else {
                    out.add(send(peer, twinProposal));
                    out.add(send(peer, twinCommit));
                }
            }
            return out;
        }
        if (message instanceof Signed signed && (signed.message() instanceof Prepare || signed.message() instanceof Commit)) {
            PeerMessage conflicting = sign(otherDigest(signed.message(), Bytes.ofLong(random.nextLong())));
            for (int peer : recipients(honest)) {
                out.add(send(peer, peer % 2 == 0 ? message : conflicting));
            }
            return out;
        }
        return List.of(new PeerTransport.Send(honest));
    }

    /** Every signed message with a flipped signature bit, and an envelope that does not decode. */
    private List<PeerTransport.OutboxCommand> garbage(Outbound honest) {
        List<PeerTransport.OutboxCommand> out = new ArrayList<>();
        PeerMessage message = honest.message();
        if (message instanceof Signed signed) {
            out.add(new PeerTransport.Send(new Outbound(honest.to(), new Signed(signed.message(), flipped(signed.signature())))));
        } else if (message instanceof ProposalMessage proposal) {
            Signed prePrepare = proposal.prePrepare();
            out.add(new PeerTransport.Send(new Outbound(honest.to(),
                    new ProposalMessage(new Signed(prePrepare.message(), flipped(prePrepare.signature())), proposal.proposal()))));
        } else {
            out.add(new PeerTransport.Send(honest));
        }
        byte[] noise = new byte[1 + random.nextInt(GARBAGE_BYTES_MAX)];
        random.nextBytes(noise);
        PeerEnvelope undecodable = PeerEnvelope.newBuilder()
                .setSigned(SignedMessage.newBuilder().setMessage(ByteString.copyFrom(noise)).setSigner(self)
                        .setSignature(ByteString.copyFrom(noise, 0, Math.min(noise.length, 64))))
                .build();
        out.add(new PeerTransport.SendEnvelope(otherReplica(), undecodable));
        return out;
    }

    /** The honest message, and one sent earlier (any kind, validly signed, stale) to a random peer. */
    private List<PeerTransport.OutboxCommand> replay(Outbound honest) {
        List<PeerTransport.OutboxCommand> out = new ArrayList<>(2);
        out.add(new PeerTransport.Send(honest));
        if (!sent.isEmpty()) {
            out.add(send(otherReplica(), sent.get(random.nextInt(sent.size()))));
        }
        if (sent.size() < REPLAY_MEMORY) {
            sent.add(honest.message());
        } else {
            sent.set(random.nextInt(REPLAY_MEMORY), honest.message());
        }
        return out;
    }

    private List<Integer> recipients(Outbound outbound) {
        if (!outbound.broadcast()) {
            return List.of(outbound.to());
        }
        List<Integer> all = new ArrayList<>(validators - 1);
        for (int i = 0; i < validators; i++) {
            if (i != self) {
                all.add(i);
            }
        }
        return all;
    }

    private static PeerTransport.OutboxCommand send(int peer, PeerMessage message) {
        return new PeerTransport.Send(new Outbound(peer, message));
    }

    /** The same payloads a millisecond later: another digest for the same height and view. */
    private static Proposal alternative(Proposal proposal) {
        return new Proposal(proposal.height(), proposal.view(), proposal.proposer(), proposal.timestampMillis() + 1,
                proposal.nullBlock(), proposal.payloads());
    }

    private ConsensusMessage otherDigest(ConsensusMessage vote, Bytes digest) {
        if (vote instanceof Prepare prepare) {
            return new Prepare(prepare.epoch(), prepare.view(), prepare.height(), digest, self);
        }
        Commit commit = (Commit) vote;
        return new Commit(commit.epoch(), commit.view(), commit.height(), digest, self);
    }

    private Signed sign(ConsensusMessage message) {
        return new Signed(message, authenticator.sign(message));
    }

    private static Bytes flipped(Bytes signature) {
        byte[] bytes = signature.toArray();
        if (bytes.length > 0) {
            bytes[bytes.length / 2] ^= 0x10;
        }
        return Bytes.wrap(bytes);
    }

    private int otherReplica() {
        int replica = random.nextInt(validators - 1);
        return replica >= self ? replica + 1 : replica;
    }
}
