package io.yantar.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

/**
 * Whether a parsed message (or any message inside it) kept fields this schema does not
 * know. Such fields survive re-encoding, so the canonical check alone would not catch them,
 * and they would let two different-looking transactions mean the same thing. Walks the
 * descriptor's message-typed fields only (no per-message field map), so the 10,000 lines of
 * a disbursement cost a loop, not 10,000 reflective copies.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static boolean anyIn(Message message) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            return true;
        }
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                for (int i = 0; i < count; i++) {
                    if (anyIn((Message) message.getRepeatedField(field, i))) {
                        return true;
                    }
                }
            } else if (message.hasField(field) && anyIn((Message) message.getField(field))) {
                return true;
            }
        }
        return false;
    }
}
