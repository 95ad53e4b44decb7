package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;

/** The verdict of stateless validation on one payload. */
public sealed interface Validation {

    /** The payload's transaction id (hash of its bytes), known even when it is refused. */
    ByteString txId();

    record Valid(ValidatedTransaction transaction) implements Validation {
        @Override
        public ByteString txId() {
            return transaction.txId();
        }
    }

    record Invalid(ByteString txId, ReasonCode reason, String detail) implements Validation {
    }
}
