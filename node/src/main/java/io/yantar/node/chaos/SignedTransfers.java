package io.yantar.node.chaos;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;

/** Signed transactions built the way a wallet builds them (the harness's clients, and tests). */
public final class SignedTransfers {
    private SignedTransfers() {
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

    public static Address address(SigningKey key) {
        return Address.ofPublicKey(key.suite(), ByteString.copyFrom(key.publicKey()));
    }
}
