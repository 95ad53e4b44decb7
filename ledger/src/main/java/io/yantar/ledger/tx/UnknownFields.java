package io.yantar.ledger.tx;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * Whether a parsed message (or any message inside it) kept fields this schema does not
 * know. Such fields survive re-encoding, so the canonical check alone would not catch them,
 * and they would let two different-looking transactions mean the same thing.
 */
final class UnknownFields {
    private UnknownFields() {
    }

    static boolean anyIn(Message message) {
        if (!message.getUnknownFields().asMap().isEmpty()) {
            return true;
        }
        for (Map.Entry<FieldDescriptor, Object> field : message.getAllFields().entrySet()) {
            if (field.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (field.getKey().isRepeated()) {
                for (Object element : (List<?>) field.getValue()) {
                    if (anyIn((Message) element)) {
                        return true;
                    }
                }
            } else if (anyIn((Message) field.getValue())) {
                return true;
            }
        }
        return false;
    }
}
