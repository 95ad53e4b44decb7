package io.yantar.ledger.block;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Receipt;
import io.yantar.proto.ValidatorSet;

/** Hashes of headers and receipts: the suite hash of their canonical bytes. */
public final class BlockHashes {
    private final CryptoSuite suite;

    public BlockHashes(CryptoSuite suite) {
        this.suite = suite;
    }

    public ByteString blockHash(BlockHeader header) {
        return ByteString.copyFrom(suite.hash(Canonical.bytes(header)));
    }

    /** What the last header of an epoch names as {@code next_validators_hash}. */
    public ByteString validatorSetHash(ValidatorSet validators) {
        return ByteString.copyFrom(suite.hash(Canonical.bytes(validators)));
    }

    public ByteString receiptHash(Receipt receipt) {
        return ByteString.copyFrom(suite.hash(Canonical.bytes(receipt)));
    }
}
