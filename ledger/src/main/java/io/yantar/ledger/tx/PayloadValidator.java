package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;

/**
 * Stateless validation of one ordered payload. {@link StatelessValidator} checks everything
 * including the signature; the node may hand block execution a validator that reuses the
 * verdicts it reached when the transaction entered its mempool.
 */
@FunctionalInterface
public interface PayloadValidator {
    Validation validate(ByteString payload);
}
