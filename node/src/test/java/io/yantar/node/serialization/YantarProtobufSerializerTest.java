package io.yantar.node.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.yantar.crypto.Canonical;
import io.yantar.proto.BlockCommitted;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Block;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.PeerEnvelope;
import io.yantar.proto.Proposal;
import io.yantar.proto.SignedMessage;
import java.io.NotSerializableException;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.serialization.Serialization;
import org.apache.pekko.serialization.SerializationExtension;
import org.apache.pekko.serialization.Serializer;
import org.apache.pekko.serialization.Serializers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class YantarProtobufSerializerTest {
    private final YantarProtobufSerializer serializer = new YantarProtobufSerializer();
    private ActorSystem<Void> system;

    @BeforeAll
    void startSystem() {
        Config config = ConfigFactory.parseString("pekko.actor.provider = local")
                .withFallback(ConfigFactory.parseResources(YantarProtobufSerializer.class, "/yantar-pekko.conf"))
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        system = ActorSystem.create(Behaviors.empty(), "serialization-test", config);
    }

    @AfterAll
    void stopSystem() {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().join();
    }

    @Test
    void manifestsAreProtobufFullNamesAndBytesAreCanonical() throws Exception {
        PeerEnvelope envelope = PeerEnvelope.newBuilder()
                .setSigned(SignedMessage.newBuilder().setMessage(ByteString.copyFromUtf8("m")).setSigner(2).setSignature(ByteString.copyFrom(new byte[64])))
                .setProposal(Proposal.newBuilder().setHeight(7).setView(1).addPayloads(ByteString.copyFromUtf8("tx")))
                .setSenderNodeId("node-3")
                .build();
        assertEquals("yantar.PeerEnvelope", serializer.manifest(envelope));
        byte[] bytes = serializer.toBinary(envelope);
        assertArrayEquals(Canonical.bytes(envelope), bytes);
        assertEquals(envelope, serializer.fromBinary(bytes, "yantar.PeerEnvelope"));
    }

    @Test
    void everyMessageOfTheSchemaIsKnown() {
        assertTrue(serializer.manifests().containsAll(java.util.List.of(
                "yantar.Genesis", "yantar.ValidatorSet", "yantar.SignedTransaction", "yantar.CertifiedBlock", "yantar.PeerEnvelope",
                "yantar.SignedMessage", "yantar.ReplicaRecord", "yantar.BlockCommitted", "yantar.LedgerSnapshot")), serializer.manifests().toString());
    }

    @Test
    void refusesUnknownManifestsAndMalformedBytes() {
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[0], "yantar.NoSuchMessage"));
        assertThrows(NotSerializableException.class, () -> serializer.fromBinary(new byte[] {(byte) 0xff, (byte) 0xff}, "yantar.PeerEnvelope"));
        assertThrows(IllegalArgumentException.class, () -> serializer.toBinary("not protobuf"));
    }

    @Test
    void pekkoPicksThisSerializerForTheBoundMessages() throws Exception {
        Serialization serialization = SerializationExtension.get(system);
        BlockCommitted event = BlockCommitted.newBuilder()
                .setBlock(CertifiedBlock.newBuilder().setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(1).setChainId("c"))))
                .build();
        for (Object message : new Object[] {event, PeerEnvelope.getDefaultInstance(), SignedMessage.getDefaultInstance()}) {
            Serializer chosen = serialization.findSerializerFor(message);
            assertEquals(YantarProtobufSerializer.IDENTIFIER, chosen.identifier(), message.getClass().getName());
        }
        byte[] bytes = serialization.serialize(event).get();
        String manifest = Serializers.manifestFor(serialization.findSerializerFor(event), event);
        assertEquals("yantar.BlockCommitted", manifest);
        assertEquals(event, serialization.deserialize(bytes, YantarProtobufSerializer.IDENTIFIER, manifest).get());
    }
}
