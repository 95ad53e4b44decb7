package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Hex;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Transaction;

/**
 * A transaction that passed stateless validation (format, size, chain id, keys,
 * signature). Only {@link StatelessValidator} makes these, so holding one is proof of it.
 */
public final class ValidatedTransaction {
    private final ByteString txId;
    private final ByteString payload;
    private final Transaction transaction;
    private final Address sender;

    ValidatedTransaction(ByteString txId, ByteString payload, Transaction transaction, Address sender) {
        this.txId = txId;
        this.payload = payload;
        this.transaction = transaction;
        this.sender = sender;
    }

    /** Suite hash of the canonical SignedTransaction bytes. */
    public ByteString txId() {
        return txId;
    }

    public String txIdHex() {
        return Hex.encode(txId.toByteArray());
    }

    /** The canonical SignedTransaction bytes, as ordered by consensus. */
    public ByteString payload() {
        return payload;
    }

    public Transaction transaction() {
        return transaction;
    }

    public Address sender() {
        return sender;
    }

    public ByteString senderPublicKey() {
        return transaction.getSenderPublicKey();
    }
}
