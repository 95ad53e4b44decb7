package io.yantar.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.yantar.node.serialization.YantarProtobufSerializer;
import java.io.NotSerializableException;
import java.util.List;

/**
 * The serializer behind Artery (peer messages) and the journal: bytes under any of its
 * manifests (or an unknown one) parse or fail with {@link NotSerializableException}, the one
 * failure Pekko expects from a serializer; nothing else escapes.
 */
class ArterySerializerFuzzTest {
    private static final YantarProtobufSerializer SERIALIZER = new YantarProtobufSerializer();
    private static final List<String> MANIFESTS = SERIALIZER.manifests().stream().sorted().toList();

    @FuzzTest(maxDuration = "5s")
    void anyBytesUnderAnyManifestParseOrAreRefused(FuzzedDataProvider data) {
        String manifest = data.consumeBoolean() ? data.pickValue(MANIFESTS) : data.consumeString(40);
        byte[] bytes = data.consumeRemainingAsBytes();
        try {
            assertNotNull(SERIALIZER.fromBinary(bytes, manifest));
        } catch (NotSerializableException refused) {
            assertNotNull(refused.getMessage());
        }
    }
}
