package io.yantar.node.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.proto.Disburse;
import io.yantar.proto.Issue;
import io.yantar.proto.Payment;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;

/**
 * Payloads drawn from fuzzer input: raw bytes, or a transaction of any kind whose every field
 * comes from the input, really signed (so the fuzzer reaches the rules behind the signature
 * check), and then possibly corrupted at one byte.
 */
final class FuzzedTransactions {
    private static final int ADDRESS_BYTES = 20;
    private static final int LINES_MAX = 8;

    private FuzzedTransactions() {
    }

    static ByteString payload(FuzzedDataProvider data, FuzzNetwork network) {
        return switch (data.consumeInt(0, 2)) {
            case 0 -> ByteString.copyFrom(data.consumeBytes(data.consumeInt(0, 512)));
            case 1 -> signed(data, network);
            default -> corrupted(signed(data, network), data);
        };
    }

    private static ByteString signed(FuzzedDataProvider data, FuzzNetwork network) {
        SigningKey sender = data.consumeBoolean() ? network.citizen : network.treasury;
        Transaction.Builder transaction = Transaction.newBuilder()
                .setChainId(data.consumeBoolean() ? network.chainId() : data.consumeString(16))
                .setSenderPublicKey(ByteString.copyFrom(sender.publicKey()))
                .setNonce(data.consumeLong(-1, 3))
                .setMemo(data.consumeString(300));
        switch (data.consumeInt(0, 3)) {
            case 0 -> transaction.setTransfer(Transfer.newBuilder().setRecipient(address(data)).setAmountKopecks(amount(data)));
            case 1 -> transaction.setIssue(Issue.newBuilder().setAmountKopecks(amount(data)).setBudgetLine(data.consumeString(140)));
            case 2 -> {
                Disburse.Builder disburse = Disburse.newBuilder().setProgramId(data.consumeString(70));
                int lines = data.consumeInt(0, LINES_MAX);
                for (int i = 0; i < lines; i++) {
                    disburse.addLines(Payment.newBuilder().setBeneficiary(address(data)).setAmountKopecks(amount(data)));
                }
                transaction.setDisburse(disburse);
            }
            default -> {
                // no kind
            }
        }
        byte[] bytes = Canonical.bytes(transaction.build());
        return ByteString.copyFrom(Canonical.bytes(SignedTransaction.newBuilder().setTransaction(ByteString.copyFrom(bytes))
                .setSignature(ByteString.copyFrom(sender.sign(SignatureDomain.TRANSACTION, bytes))).build()));
    }

    private static ByteString corrupted(ByteString payload, FuzzedDataProvider data) {
        if (payload.isEmpty()) {
            return payload;
        }
        byte[] bytes = payload.toByteArray();
        bytes[data.consumeInt(0, bytes.length - 1)] ^= data.consumeByte();
        return ByteString.copyFrom(bytes);
    }

    private static ByteString address(FuzzedDataProvider data) {
        int length = data.consumeBoolean() ? ADDRESS_BYTES : data.consumeInt(0, 40);
        return ByteString.copyFrom(data.consumeBytes(length));
    }

    private static long amount(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.consumeLong(-5, 100_000) : data.consumeLong();
    }
}
