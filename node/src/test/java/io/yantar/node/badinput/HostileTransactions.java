package io.yantar.node.badinput;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.Disburse;
import io.yantar.proto.Payment;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;

/**
 * Signed transactions that are wrong in one precise way each, built by a sender who holds a
 * real key, so that only the intended defect can make the node refuse them.
 */
final class HostileTransactions {
    /** The order of the Ed25519 base point: S and S + L verify alike unless the verifier insists on S < L. */
    private static final BigInteger ED25519_ORDER = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    private final SigningKey sender;
    private final String chainId;
    private final ByteString recipient;

    HostileTransactions(SigningKey sender, String chainId, ByteString recipient) {
        this.sender = sender;
        this.chainId = chainId;
        this.recipient = recipient;
    }

    Transaction.Builder transfer(long nonce, long kopecks) {
        return Transaction.newBuilder().setChainId(chainId).setSenderPublicKey(ByteString.copyFrom(sender.publicKey())).setNonce(nonce)
                .setTransfer(Transfer.newBuilder().setRecipient(recipient).setAmountKopecks(kopecks));
    }

    SignedTransaction signed(Transaction transaction) {
        return signedBytes(Canonical.bytes(transaction));
    }

    /** Signs exactly these bytes, canonical or not. */
    SignedTransaction signedBytes(byte[] transactionBytes) {
        return SignedTransaction.newBuilder().setTransaction(ByteString.copyFrom(transactionBytes))
                .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, transactionBytes))).build();
    }

    SignedTransaction withSignature(SignedTransaction transaction, byte[] signature) {
        return transaction.toBuilder().setSignature(ByteString.copyFrom(signature)).build();
    }

    static byte[] flipBit(byte[] bytes, int bit) {
        byte[] flipped = bytes.clone();
        flipped[bit / 8] ^= (byte) (1 << (bit % 8));
        return flipped;
    }

    /** The same Ed25519 signature with S replaced by S + L (a malleated, non-canonical encoding). */
    static byte[] malleated(byte[] signature) {
        byte[] littleEndianS = java.util.Arrays.copyOfRange(signature, 32, 64);
        BigInteger s = new BigInteger(1, reversed(littleEndianS)).add(ED25519_ORDER);
        byte[] bigEndian = s.toByteArray();
        byte[] out = signature.clone();
        byte[] fixed = new byte[32];
        int copy = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - copy, fixed, 32 - copy, copy);
        System.arraycopy(reversed(fixed), 0, out, 32, 32);
        return out;
    }

    private static byte[] reversed(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    /** The transfer's fields written in reverse field order: the same message, not its canonical bytes. */
    byte[] reverseOrderedTransfer(long nonce, long kopecks) {
        Transaction transaction = transfer(nonce, kopecks).build();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeMessage(10, transaction.getTransfer());
            coded.writeUInt64(3, transaction.getNonce());
            coded.writeBytes(2, transaction.getSenderPublicKey());
            coded.writeString(1, transaction.getChainId());
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Canonical bytes followed by a field number no version of Transaction defines. */
    byte[] withUnknownField(Transaction transaction) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            out.write(Canonical.bytes(transaction));
            CodedOutputStream coded = CodedOutputStream.newInstance(out);
            coded.writeUInt64(999, 7);
            coded.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    Transaction overflowingDisbursement(long nonce, ByteString otherBeneficiary) {
        return Transaction.newBuilder().setChainId(chainId).setSenderPublicKey(ByteString.copyFrom(sender.publicKey())).setNonce(nonce)
                .setDisburse(Disburse.newBuilder().setProgramId("overflow-check")
                        .addLines(Payment.newBuilder().setBeneficiary(recipient).setAmountKopecks(Long.MAX_VALUE))
                        .addLines(Payment.newBuilder().setBeneficiary(otherBeneficiary).setAmountKopecks(Long.MAX_VALUE)))
                .build();
    }
}
