package io.yantar.node.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.Hex;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.account.Address;
import io.yantar.node.explorer.ExplorerIndex.AccountEntry;
import io.yantar.node.explorer.ExplorerIndex.ProgramTotals;
import io.yantar.node.http.TestTransactions;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.Disburse;
import io.yantar.proto.Payment;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The explorer's index of account histories and program totals, fed blocks by hand. */
class ExplorerIndexTest {
    private static final String CHAIN = "yantar-test";
    private final CryptoSuite suite = CryptoSuites.ed25519();
    private final SecureRandom seeded = seeded();
    private final SigningKey treasury = suite.generateKey(seeded);
    private final SigningKey alice = suite.generateKey(seeded);
    private final SigningKey bob = suite.generateKey(seeded);

    private static SecureRandom seeded() {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42L);
            return random;
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aTransferIsInTheHistoryOfBothSidesNewestFirst() {
        ExplorerIndex index = new ExplorerIndex(suite, ExplorerSettings.DEFAULTS);
        SignedTransaction first = TestTransactions.transfer(alice, CHAIN, 0, address(bob), 500);
        SignedTransaction second = TestTransactions.transfer(alice, CHAIN, 1, address(bob), 700);
        index.apply(block(1, List.of(first), true));
        index.apply(block(2, List.of(second), false));

        List<AccountEntry> sent = index.history(address(alice).bytes());
        assertEquals(List.of(id(second), id(first)), sent.stream().map(AccountEntry::txId).toList());
        assertEquals("out", sent.get(0).direction());
        assertEquals(false, sent.get(0).success());
        assertEquals("INSUFFICIENT_FUNDS", sent.get(0).reasonCode());
        List<AccountEntry> received = index.history(address(bob).bytes());
        assertEquals("in", received.get(1).direction());
        assertEquals(500, received.get(1).amountKopecks());
        assertEquals(address(alice).bytes(), received.get(1).counterparty());
        assertEquals(2, index.indexedHeight());
    }

    @Test
    void onlySuccessfulDisbursementsCountTowardsAProgramAndOldRunsLeaveTheChartNotTheTotals() {
        ExplorerIndex index = new ExplorerIndex(suite, new ExplorerSettings(200, 1000, 1, 10, java.time.Duration.ZERO, 1));
        index.apply(block(1, List.of(disburse(0, "heating", alice, bob)), true));
        index.apply(block(2, List.of(disburse(1, "heating", treasury)), false));
        index.apply(block(3, List.of(disburse(2, "heating-2", alice)), true));
        index.apply(block(4, List.of(disburse(3, "heating", treasury)), true));

        List<ProgramTotals> programs = index.programs();
        assertEquals(List.of("heating", "heating-2"), programs.stream().map(ProgramTotals::programId).toList());
        ProgramTotals heating = programs.get(0);
        assertEquals(2, heating.runs());
        assertEquals(3, heating.beneficiaries());
        assertEquals(3 * 1_000, heating.paidKopecks());
        assertEquals(List.of(4L), heating.recentRuns().stream().map(ExplorerIndex.ProgramRun::height).toList());
        assertEquals("in", index.history(address(bob).bytes()).get(0).direction());
    }

    @Test
    void historiesAreBoundedPerAccountAndInNumber() {
        ExplorerIndex index = new ExplorerIndex(suite, new ExplorerSettings(2, 2, 10, 10, java.time.Duration.ZERO, 1));
        for (int nonce = 0; nonce < 3; nonce++) {
            index.apply(block(nonce + 1, List.of(TestTransactions.transfer(alice, CHAIN, nonce, address(bob), 1)), true));
        }
        index.apply(block(4, List.of(TestTransactions.transfer(treasury, CHAIN, 0, address(bob), 1)), true));
        assertEquals(2, index.history(address(alice).bytes()).size());
        assertEquals(2, index.history(address(bob).bytes()).size());
        assertEquals(List.of(), index.history(address(treasury).bytes()), "a third account gets no history");
    }

    @Test
    void aBlockOutOfHeightOrderIsRefusedLoudly() {
        ExplorerIndex index = new ExplorerIndex(suite, ExplorerSettings.DEFAULTS);
        assertThrows(IllegalStateException.class, () -> index.apply(block(2, List.of(), true)));
    }

    @Test
    void aMalformedPayloadTouchesNoAccount() {
        ExplorerIndex index = new ExplorerIndex(suite, ExplorerSettings.DEFAULTS);
        Block block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId(CHAIN).setHeight(1))
                .addTransactions(ByteString.copyFromUtf8("not a transaction")).build();
        index.apply(block);
        assertEquals(1, index.indexedHeight());
        assertEquals(List.of(), index.programs());
    }

    private SignedTransaction disburse(long nonce, String program, SigningKey... beneficiaries) {
        Disburse.Builder run = Disburse.newBuilder().setProgramId(program);
        for (SigningKey beneficiary : beneficiaries) {
            run.addLines(Payment.newBuilder().setBeneficiary(address(beneficiary).bytes()).setAmountKopecks(1_000));
        }
        return TestTransactions.sign(treasury, Transaction.newBuilder().setChainId(CHAIN)
                .setSenderPublicKey(ByteString.copyFrom(treasury.publicKey())).setNonce(nonce).setDisburse(run).build());
    }

    private Block block(long height, List<SignedTransaction> transactions, boolean success) {
        Block.Builder block = Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId(CHAIN).setHeight(height)
                .setTimestampMillis(1_790_000_000_000L + height));
        for (int i = 0; i < transactions.size(); i++) {
            block.addTransactions(transactions.get(i).toByteString());
            block.addReceipts(Receipt.newBuilder().setTxId(ByteString.copyFrom(Hex.decode(id(transactions.get(i)))))
                    .setHeight(height).setIndex(i).setSuccess(success).setReasonCode(success ? "" : "INSUFFICIENT_FUNDS"));
        }
        return block.build();
    }

    private String id(SignedTransaction transaction) {
        return Hex.encode(suite.hash(transaction.toByteArray()));
    }

    private Address address(SigningKey key) {
        return TestTransactions.address(key);
    }
}
