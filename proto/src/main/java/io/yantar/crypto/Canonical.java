package io.yantar.crypto;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one canonical byte encoding of everything Yantar hashes or signs: deterministic
 * protobuf serialization (fields in number order, default values omitted, map entries
 * sorted). Signed containers carry these exact bytes, so a verifier never has to
 * re-encode what it checks.
 */
public final class Canonical {
    private Canonical() {
    }

    public static byte[] bytes(MessageLite message) {
        byte[] out = new byte[message.getSerializedSize()];
        CodedOutputStream stream = CodedOutputStream.newInstance(out);
        stream.useDeterministicSerialization();
        try {
            message.writeTo(stream);
            stream.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("serializing into an exactly sized array cannot fail", e);
        }
        return out;
    }
}
