package io.yantar.node.http;

import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.node.chaos.SignedTransfers;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;

/** Signed transactions for tests, built the way a wallet builds them ({@link SignedTransfers}). */
public final class TestTransactions {
    private TestTransactions() {
    }

    public static SignedTransaction transfer(SigningKey sender, String chainId, long nonce, Address to, long kopecks) {
        return SignedTransfers.transfer(sender, chainId, nonce, to, kopecks);
    }

    public static SignedTransaction sign(SigningKey sender, Transaction transaction) {
        return SignedTransfers.sign(sender, transaction);
    }

    public static String id(SigningKey anyKeyOfTheSuite, SignedTransaction signed) {
        return Hex.encode(anyKeyOfTheSuite.suite().hash(Canonical.bytes(signed)));
    }

    public static Address address(SigningKey key) {
        return SignedTransfers.address(key);
    }
}
