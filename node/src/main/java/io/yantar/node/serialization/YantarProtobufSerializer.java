package io.yantar.node.serialization;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import io.yantar.crypto.Canonical;
import io.yantar.proto.CommonProto;
import io.yantar.proto.ConsensusProto;
import io.yantar.proto.LedgerProto;
import io.yantar.proto.StorageProto;
import java.io.NotSerializableException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.pekko.serialization.SerializerWithStringManifest;

/**
 * Serializes Yantar's protobuf messages between nodes and into the journal. The manifest is
 * the message's protobuf full name (e.g. {@code yantar.BlockCommitted}), which the schema
 * freezes, so Java renames never break the replay of old journals. Bytes are the
 * deterministic encoding ({@link Canonical}), the same bytes that are hashed and signed.
 *
 * <p>Every top-level message of Yantar's .proto files can be carried; reference.conf binds the
 * ones that travel between nodes or are persisted.
 */
public final class YantarProtobufSerializer extends SerializerWithStringManifest {
    /** Pekko serializer id; ids up to 40 are reserved by Pekko. Frozen: journals record it. */
    public static final int IDENTIFIER = 7301;

    private static final List<FileDescriptor> SCHEMA = List.of(
            CommonProto.getDescriptor(), LedgerProto.getDescriptor(), ConsensusProto.getDescriptor(), StorageProto.getDescriptor());

    private final Map<String, Parser<? extends Message>> parsersByManifest;
    private final Map<Class<?>, String> manifestsByClass;

    public YantarProtobufSerializer() {
        Map<String, Parser<? extends Message>> parsers = new HashMap<>();
        Map<Class<?>, String> manifests = new HashMap<>();
        for (FileDescriptor file : SCHEMA) {
            String javaPackage = file.getOptions().getJavaPackage();
            for (Descriptor type : file.getMessageTypes()) {
                Message prototype = defaultInstance(javaPackage + "." + type.getName());
                parsers.put(type.getFullName(), prototype.getParserForType());
                manifests.put(prototype.getClass(), type.getFullName());
            }
        }
        this.parsersByManifest = Map.copyOf(parsers);
        this.manifestsByClass = Map.copyOf(manifests);
    }

    @Override
    public int identifier() {
        return IDENTIFIER;
    }

    @Override
    public String manifest(Object message) {
        String manifest = manifestsByClass.get(message.getClass());
        if (manifest == null) {
            throw new IllegalArgumentException("not a Yantar protobuf message: " + message.getClass().getName());
        }
        return manifest;
    }

    @Override
    public byte[] toBinary(Object message) {
        if (!(message instanceof Message protobuf) || !manifestsByClass.containsKey(message.getClass())) {
            throw new IllegalArgumentException("not a Yantar protobuf message: " + message.getClass().getName());
        }
        return Canonical.bytes(protobuf);
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        Parser<? extends Message> parser = parsersByManifest.get(manifest);
        if (parser == null) {
            throw new NotSerializableException("unknown Yantar message type '" + manifest + "'");
        }
        try {
            return parser.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new NotSerializableException("malformed " + manifest + ": " + e.getMessage());
        }
    }

    /** The manifests this serializer understands, for tests and diagnostics. */
    public java.util.Set<String> manifests() {
        return parsersByManifest.keySet();
    }

    private static Message defaultInstance(String className) {
        try {
            return (Message) Class.forName(className).getMethod("getDefaultInstance").invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("generated class " + className + " is missing from the proto module", e);
        }
    }
}
