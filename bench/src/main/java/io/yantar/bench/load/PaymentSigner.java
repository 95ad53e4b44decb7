package io.yantar.bench.load;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Disburse;
import io.yantar.proto.Issue;
import io.yantar.proto.Payment;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Builds and signs the bench's transactions the way {@code yantar tx} does (canonical
 * Transaction bytes, signed in the TRANSACTION domain, id = suite hash of the canonical
 * SignedTransaction bytes).
 */
public final class PaymentSigner {
    /** One kopeck per transfer: the accounts never run dry. */
    static final long TRANSFER_KOPECKS = 1;

    private final String chainId;
    private final CryptoSuite suite;

    public PaymentSigner(String chainId, CryptoSuite suite) {
        this.chainId = chainId;
        this.suite = suite;
    }

    public SignedPayment sign(SigningKey key, long nonce, Transaction.Builder kind, int node) {
        Transaction transaction = kind.setChainId(chainId)
                .setSenderPublicKey(ByteString.copyFrom(key.publicKey()))
                .setNonce(nonce)
                .build();
        byte[] transactionBytes = Canonical.bytes(transaction);
        byte[] payload = Canonical.bytes(SignedTransaction.newBuilder()
                .setTransaction(ByteString.copyFrom(transactionBytes))
                .setSignature(ByteString.copyFrom(key.sign(SignatureDomain.TRANSACTION, transactionBytes)))
                .build());
        return new SignedPayment(Hex.encode(suite.hash(payload)), payload, node);
    }

    public SignedPayment issue(SigningKey treasury, long nonce, long kopecks, String budgetLine) {
        return sign(treasury, nonce, Transaction.newBuilder().setIssue(Issue.newBuilder().setAmountKopecks(kopecks).setBudgetLine(budgetLine)), 0);
    }

    public SignedPayment disburse(SigningKey treasury, long nonce, String programId, List<Address> beneficiaries, long kopecksEach, int node) {
        Disburse.Builder disburse = Disburse.newBuilder().setProgramId(programId);
        for (Address beneficiary : beneficiaries) {
            disburse.addLines(Payment.newBuilder().setBeneficiary(beneficiary.bytes()).setAmountKopecks(kopecksEach));
        }
        return sign(treasury, nonce, Transaction.newBuilder().setDisburse(disburse), node);
    }

    /**
     * Transfers in rounds: round r holds nonce {@code firstNonce + r} of every account, each
     * paying one kopeck to the next account. Account a always goes to node a mod nodes, so
     * its nonces reach one node in order. Signed in parallel; returned round after round.
     */
    public List<SignedPayment> transferRounds(BenchAccounts accounts, long firstNonce, int rounds, int nodes) {
        int count = accounts.size();
        List<List<SignedPayment>> byAccount = IntStream.range(0, count).parallel()
                .mapToObj(a -> {
                    List<SignedPayment> own = new ArrayList<>(rounds);
                    Address recipient = accounts.address((a + 1) % count);
                    for (int r = 0; r < rounds; r++) {
                        own.add(sign(accounts.key(a), firstNonce + r, Transaction.newBuilder()
                                .setTransfer(Transfer.newBuilder().setRecipient(recipient.bytes()).setAmountKopecks(TRANSFER_KOPECKS)), a % nodes));
                    }
                    return own;
                })
                .toList();
        List<SignedPayment> roundMajor = new ArrayList<>(count * rounds);
        for (int r = 0; r < rounds; r++) {
            for (int a = 0; a < count; a++) {
                roundMajor.add(byAccount.get(a).get(r));
            }
        }
        return roundMajor;
    }
}
