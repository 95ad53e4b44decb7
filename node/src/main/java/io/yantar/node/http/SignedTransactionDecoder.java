package io.yantar.node.http;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.yantar.proto.SignedTransaction;
import java.nio.charset.StandardCharsets;

/**
 * Decodes a request body into a {@link SignedTransaction}: protobuf JSON (bytes as base64,
 * unknown fields refused) or binary protobuf. Only the envelope is checked here; signature,
 * chain and nonce are the ledger's to judge.
 */
final class SignedTransactionDecoder {
    static final String PROTOBUF_SUBTYPE = "x-protobuf";

    sealed interface Decoded {
    }

    record Ok(SignedTransaction transaction) implements Decoded {
    }

    record Malformed(String code, String detail) implements Decoded {
    }

    private SignedTransactionDecoder() {
    }

    static Decoded decode(String mediaSubType, byte[] body) {
        SignedTransaction transaction;
        if ("json".equals(mediaSubType)) {
            SignedTransaction.Builder builder = SignedTransaction.newBuilder();
            try {
                JsonFormat.parser().merge(new String(body, StandardCharsets.UTF_8), builder);
            } catch (InvalidProtocolBufferException | RuntimeException e) {
                return new Malformed("malformed-transaction", "The body is not a SignedTransaction in JSON: " + oneLine(e.getMessage()));
            }
            transaction = builder.build();
        } else if (PROTOBUF_SUBTYPE.equals(mediaSubType) || "octet-stream".equals(mediaSubType)) {
            try {
                transaction = SignedTransaction.parseFrom(body);
            } catch (InvalidProtocolBufferException e) {
                return new Malformed("malformed-transaction", "The body is not a SignedTransaction in protobuf: " + oneLine(e.getMessage()));
            }
        } else {
            return new Malformed("unsupported-media-type", "Send application/json or application/x-protobuf, not application/" + mediaSubType + ".");
        }
        if (transaction.getTransaction().isEmpty()) {
            return new Malformed("malformed-transaction", "The signed transaction carries no transaction bytes.");
        }
        if (transaction.getSignature().isEmpty()) {
            return new Malformed("malformed-transaction", "The signed transaction carries no signature.");
        }
        return new Ok(transaction);
    }

    static String oneLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
