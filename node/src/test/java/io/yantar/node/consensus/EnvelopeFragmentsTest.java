package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.Proposal;
import io.yantar.proto.SignedMessage;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeFragmentsTest {
    private static final int PIECE = 1_000;

    private static PeerEnvelope envelope(String sender, int payloadBytes) {
        byte[] payload = new byte[payloadBytes];
        new Random(7).nextBytes(payload);
        return PeerEnvelope.newBuilder().setSenderNodeId(sender)
                .setSigned(SignedMessage.newBuilder().setSigner(2).setSignature(ByteString.copyFromUtf8("signature")))
                .setProposal(Proposal.newBuilder().setHeight(9).addPayloads(ByteString.copyFrom(payload))).build();
    }

    @Test
    void anEnvelopeThatFitsGoesWhole() {
        PeerEnvelope small = envelope("node-2", 100);
        assertEquals(List.of(small), EnvelopeFragments.split(small, 1, PIECE));
    }

    @Test
    void aLargeEnvelopeGoesInOrderedPiecesAndComesBackWhole() {
        PeerEnvelope large = envelope("node-2", 10_500);
        List<PeerEnvelope> pieces = EnvelopeFragments.split(large, 5, PIECE);
        assertEquals(11, pieces.size());
        assertTrue(pieces.stream().allMatch(piece -> piece.getSerializedSize() <= PIECE + 32 && piece.getSenderNodeId().equals("node-2")));

        EnvelopeFragments.Reassembly reassembly = new EnvelopeFragments.Reassembly(1 << 20);
        for (int i = 0; i < pieces.size() - 1; i++) {
            EnvelopeFragments.Result partial = reassembly.add(pieces.get(i));
            assertTrue(partial.whole().isEmpty());
            assertFalse(partial.dropped());
            assertFalse(reassembly.add(pieces.get(i)).dropped(), "a duplicated piece is ignored");
        }
        assertEquals(large, reassembly.add(pieces.get(pieces.size() - 1)).whole().orElseThrow());
    }

    @Test
    void piecesOfTwoSendersDoNotMix() {
        List<PeerEnvelope> fromTwo = EnvelopeFragments.split(envelope("node-2", 3_000), 1, PIECE);
        List<PeerEnvelope> fromThree = EnvelopeFragments.split(envelope("node-3", 3_000), 1, PIECE);
        EnvelopeFragments.Reassembly reassembly = new EnvelopeFragments.Reassembly(1 << 20);
        int wholes = 0;
        for (int i = 0; i < fromTwo.size(); i++) {
            wholes += reassembly.add(fromTwo.get(i)).whole().isPresent() ? 1 : 0;
            wholes += reassembly.add(fromThree.get(i)).whole().isPresent() ? 1 : 0;
        }
        assertEquals(2, wholes);
    }

    @Test
    void aMissingPieceATooLargeEnvelopeAndAForgedSenderAreDropped() {
        List<PeerEnvelope> pieces = EnvelopeFragments.split(envelope("node-2", 5_000), 1, PIECE);
        EnvelopeFragments.Reassembly reassembly = new EnvelopeFragments.Reassembly(1 << 20);
        reassembly.add(pieces.get(0));
        assertTrue(reassembly.add(pieces.get(2)).dropped(), "piece 1 was lost: the envelope is lost");
        assertTrue(reassembly.add(pieces.get(3)).dropped());

        EnvelopeFragments.Reassembly small = new EnvelopeFragments.Reassembly(2_500);
        assertFalse(small.add(pieces.get(0)).dropped());
        assertFalse(small.add(pieces.get(1)).dropped());
        assertTrue(small.add(pieces.get(2)).dropped(), "beyond the largest envelope put back together");

        List<PeerEnvelope> claimingAnother = EnvelopeFragments.split(envelope("node-3", 3_000), 1, PIECE).stream()
                .map(piece -> piece.toBuilder().setSenderNodeId("node-2").build()).toList();
        EnvelopeFragments.Reassembly checked = new EnvelopeFragments.Reassembly(1 << 20);
        EnvelopeFragments.Result last = null;
        for (PeerEnvelope piece : claimingAnother) {
            last = checked.add(piece);
        }
        assertTrue(last.dropped(), "the whole names another sender than its pieces");
    }
}
