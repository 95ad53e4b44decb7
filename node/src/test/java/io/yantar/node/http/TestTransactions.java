package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;

/** Signed transactions for tests, built the way a wallet builds them. */
public final class TestTransactions {
    private TestTransactions() {
    }

    public static SignedTransaction transfer(SigningKey sender, String chainId, long nonce, Address to, long kopecks) {
        Transaction transaction = Transaction.newBuilder()
                .setChainId(chainId)
                .setSenderPublicKey(ByteString.copyFrom(sender.publicKey()))
                .setNonce(nonce)
                .setTransfer(Transfer.newBuilder().setRecipient(to.bytes()).setAmountKopecks(kopecks))
                .build();
        return sign(sender, transaction);
    }

    public static SignedTransaction sign(SigningKey sender, Transaction transaction) {
        byte[] bytes = Canonical.bytes(transaction);
        return SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, bytes)))
                .build();
    }

    public static String id(SigningKey anyKeyOfTheSuite, SignedTransaction signed) {
        return Hex.encode(anyKeyOfTheSuite.suite().hash(Canonical.bytes(signed)));
    }

    public static Address address(SigningKey key) {
        return Address.ofPublicKey(key.suite(), ByteString.copyFrom(key.publicKey()));
    }
}
