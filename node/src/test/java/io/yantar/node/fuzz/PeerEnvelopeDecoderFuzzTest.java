package io.yantar.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.wire.ProtoCodec;

/** The decoder of every consensus message a peer sends: any bytes decode or are refused with a reason. */
class PeerEnvelopeDecoderFuzzTest {
    private static final ProtoCodec CODEC = new ProtoCodec("yantar-fuzz");

    @FuzzTest(maxDuration = "5s")
    void anyEnvelopeBytesDecodeOrAreRefused(byte[] bytes) {
        ProtoCodec.Decoded<PeerMessage> decoded = CODEC.decodePeerMessage(bytes);
        assertTrue(decoded.ok() ? decoded.value() != null : decoded.error() != null && !decoded.error().isEmpty());
    }
}
