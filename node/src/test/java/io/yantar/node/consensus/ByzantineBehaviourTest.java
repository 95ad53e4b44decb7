package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.RequestCheck;
import io.yantar.consensus.core.RequestKey;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.node.faults.ByzantineMode;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** What each Byzantine mode of node-1 (index 0 of 4) makes of its honest core's messages. */
class ByzantineBehaviourTest {
    private static final int SELF = 0;
    private static final Bytes DIGEST = Bytes.ofLong(11);

    /** Signs with a recognisable signature: the message's hash code, so a test can tell a valid signature from a broken one. */
    private static final Authenticator AUTHENTICATOR = new Authenticator() {
        @Override
        public Bytes sign(ConsensusMessage message) {
            return Bytes.ofLong(message.hashCode());
        }

        @Override
        public boolean verify(ConsensusMessage message, Bytes signature) {
            return signature.equals(Bytes.ofLong(message.hashCode()));
        }

        @Override
        public Authenticator forEpoch(io.yantar.consensus.core.ValidatorSet validators) {
            return this;
        }
    };

    private static final Application APPLICATION = new Application() {
        @Override
        public RequestCheck check(Bytes payload) {
            throw new UnsupportedOperationException("not used by the Byzantine rewriter");
        }

        @Override
        public Bytes digest(Proposal proposal) {
            return Bytes.ofLong(proposal.hashCode());
        }

        @Override
        public boolean alreadyExecuted(RequestKey key) {
            return false;
        }
    };

    @Test
    void silentSendsNothing() {
        assertEquals(List.of(), behaviour(ByzantineMode.SILENT).rewrite(Outbound.toAll(signed(new Prepare(1, 0, 5, DIGEST, SELF)))));
    }

    @Test
    void equivocatingVotesDifferToTheTwoHalvesOfThePeers() {
        for (ConsensusMessage vote : List.of(new Prepare(1, 0, 5, DIGEST, SELF), new Commit(1, 0, 5, DIGEST, SELF))) {
            Map<Integer, Signed> byPeer = sends(behaviour(ByzantineMode.EQUIVOCATE).rewrite(Outbound.toAll(signed(vote)))).stream()
                    .collect(Collectors.toMap(Outbound::to, out -> (Signed) out.message()));
            assertEquals(List.of(1, 2, 3), byPeer.keySet().stream().sorted().toList());
            assertEquals(vote, byPeer.get(2).message());
            ConsensusMessage other = byPeer.get(1).message();
            assertEquals(vote.getClass(), other.getClass());
            assertNotEquals(vote, other, "odd peers get a vote for another digest");
            assertEquals(other, byPeer.get(3).message());
            assertTrue(AUTHENTICATOR.verify(other, byPeer.get(1).signature()), "the conflicting vote is validly signed");
        }
    }

    @Test
    void anEquivocatingPrimaryProposesATwinToOddPeers() {
        Proposal proposal = new Proposal(5, 0, SELF, 1_000, false, List.of(Bytes.ofLong(1), Bytes.ofLong(2)));
        ProposalMessage honest = new ProposalMessage(signed(new PrePrepare(1, 0, 5, APPLICATION.digest(proposal), SELF)), proposal);
        List<Outbound> out = sends(behaviour(ByzantineMode.EQUIVOCATE).rewrite(Outbound.toAll(honest)));
        assertEquals(List.of(new Outbound(2, honest)), out.stream().filter(o -> o.to() == 2).toList());
        ProposalMessage twin = (ProposalMessage) out.stream().filter(o -> o.to() == 1 && o.message() instanceof ProposalMessage)
                .findFirst().orElseThrow().message();
        assertEquals(proposal.payloads(), twin.proposal().payloads());
        assertEquals(proposal.timestampMillis() + 1, twin.proposal().timestampMillis());
        PrePrepare twinPrePrepare = (PrePrepare) twin.prePrepare().message();
        assertEquals(APPLICATION.digest(twin.proposal()), twinPrePrepare.digest());
        assertTrue(out.stream().anyMatch(o -> o.to() == 3 && o.message() instanceof Signed s && s.message() instanceof Commit c
                && c.digest().equals(twinPrePrepare.digest())), "odd peers also get a COMMIT for the twin");
    }

    @Test
    void garbageBreaksEverySignatureAndAddsAnUndecodableEnvelope() {
        Prepare vote = new Prepare(1, 0, 5, DIGEST, SELF);
        List<PeerTransport.OutboxCommand> out = behaviour(ByzantineMode.GARBAGE).rewrite(Outbound.toAll(signed(vote)));
        Signed sent = (Signed) sends(out).get(0).message();
        assertEquals(vote, sent.message());
        assertTrue(!AUTHENTICATOR.verify(vote, sent.signature()), "the signature is broken");
        PeerTransport.SendEnvelope raw = out.stream().filter(PeerTransport.SendEnvelope.class::isInstance)
                .map(PeerTransport.SendEnvelope.class::cast).findFirst().orElseThrow();
        assertNotEquals(SELF, raw.to());
        assertTrue(!new ProtoCodec("yantar-test").decode(raw.envelope()).ok(), "the envelope does not decode");
    }

    @Test
    void replayResendsEarlierMessagesBesideTheHonestOnes() {
        ByzantineBehaviour replay = behaviour(ByzantineMode.REPLAY);
        Signed first = signed(new Prepare(1, 0, 5, DIGEST, SELF));
        assertEquals(List.of(Outbound.toAll(first)), sends(replay.rewrite(Outbound.toAll(first))));
        Signed second = signed(new Commit(1, 0, 5, DIGEST, SELF));
        List<Outbound> out = sends(replay.rewrite(Outbound.toAll(second)));
        assertEquals(Outbound.toAll(second), out.get(0));
        assertEquals(first, out.get(1).message());
        assertNotEquals(SELF, out.get(1).to());
    }

    private static ByzantineBehaviour behaviour(ByzantineMode mode) {
        return new ByzantineBehaviour(mode, SELF, 4, AUTHENTICATOR, APPLICATION, 1);
    }

    private static Signed signed(ConsensusMessage message) {
        return new Signed(message, AUTHENTICATOR.sign(message));
    }

    private static List<Outbound> sends(List<PeerTransport.OutboxCommand> commands) {
        return commands.stream().filter(PeerTransport.Send.class::isInstance).map(c -> ((PeerTransport.Send) c).message()).toList();
    }
}
