package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.consensus.TransactionIndex.Admission;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.proto.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** The bounded mempool: a cap for all, a cap per sender so one account cannot fill it. */
class TransactionIndexTest {
    private static final ByteString FLOODER = ByteString.copyFromUtf8("flooder");
    private static final ByteString OTHER = ByteString.copyFromUtf8("other");

    private final TransactionIndex index = new TransactionIndex(10, 3, 1_000, new MapTransactionLocations(), millis -> { });

    @Test
    void oneSenderStopsAtItsCapWhileOthersAreAdmitted() {
        for (int i = 0; i < 3; i++) {
            assertEquals(Admission.ADMITTED, index.admit(id(i), FLOODER, 0));
        }
        assertEquals(Admission.SENDER_FULL, index.admit(id(3), FLOODER, 0));
        assertEquals(Admission.ADMITTED, index.admit(id(100), OTHER, 0));
        assertEquals(Admission.ALREADY_PENDING, index.admit(id(0), FLOODER, 0), "a retry of a pending one is not refused");
    }

    @Test
    void aCommitOrAnExpiryFreesTheSendersPlace() {
        for (int i = 0; i < 3; i++) {
            index.admit(id(i), FLOODER, i);
        }
        index.committedBlock(1, List.of(receipt(id(0), 1)));
        assertEquals(Admission.ADMITTED, index.admit(id(3), FLOODER, 10));
        index.expirePending(2);
        assertEquals(2, index.pendingCount());
        assertEquals(Admission.ADMITTED, index.admit(id(4), FLOODER, 10));
        assertEquals(Admission.SENDER_FULL, index.admit(id(5), FLOODER, 10));
    }

    @Test
    void theWholeMempoolHasItsOwnCap() {
        TransactionIndex small = new TransactionIndex(2, 3, 1_000, new MapTransactionLocations(), millis -> { });
        small.admit(id(0), FLOODER, 0);
        small.admit(id(1), OTHER, 0);
        assertEquals(Admission.FULL, small.admit(id(2), ByteString.copyFromUtf8("third"), 0));
    }

    @Test
    void aNonceAheadReceiptDoesNotSettleThePayment() {
        index.admit(id(7), FLOODER, 0);
        index.committedBlock(5, List.of(refused(id(7), "NONCE_AHEAD")));
        assertEquals(TransactionStatus.PENDING, index.view(id(7)).status(), "it is ordered again after its earlier nonce");
        Receipt success = Receipt.newBuilder().setTxId(id(7)).setHeight(6).setSuccess(true).build();
        index.committedBlock(6, List.of(success));
        assertEquals(TransactionStatus.COMMITTED, index.view(id(7)).status());
        assertEquals(6, index.view(id(7)).height());
    }

    @Test
    void aLaterRefusalOfTheSameIdNeverHidesItsSuccess() {
        Receipt success = Receipt.newBuilder().setTxId(id(8)).setHeight(3).setSuccess(true).build();
        index.committedBlock(3, List.of(success));
        index.committedBlock(4, List.of(refused(id(8), "NONCE_REPLAYED"))); // a view change re-proposed it
        assertEquals(success, index.receipt(id(8)).orElseThrow());
    }

    private static Receipt refused(ByteString txId, String reason) {
        return Receipt.newBuilder().setTxId(txId).setSuccess(false).setReasonCode(reason).build();
    }

    @Test
    void committedReceiptsStayBoundedWhileOldOnesAreStillFoundByHeight() {
        MapTransactionLocations locations = new MapTransactionLocations();
        TransactionIndex bounded = new TransactionIndex(10, 3, 100, locations, millis -> { });
        for (int height = 1; height <= 1_000; height++) {
            List<Receipt> receipts = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                receipts.add(receipt(id(height * 10 + i), height));
            }
            bounded.committedBlock(height, receipts);
        }

        assertEquals(100, bounded.cachedCount(), "only the most recent receipts stay in memory");
        assertEquals(TransactionStatus.COMMITTED, bounded.view(id(10_009)).status());
        assertEquals(1_000, bounded.receipt(id(10_009)).orElseThrow().getHeight());
        assertEquals(TransactionStatus.UNKNOWN, bounded.view(id(10)).status(), "an old one is no longer in memory");
        assertEquals(OptionalLong.of(1), bounded.committedHeight(id(10)), "but its block is found through the index");
        assertEquals(OptionalLong.empty(), bounded.committedHeight(id(5)), "a transaction never committed is not");
        assertEquals(1_000, bounded.recordedHeight());
    }

    @Test
    void aWaiterThatTimesOutLeavesNothingBehind() throws Exception {
        index.awaitCommit(id(42), java.time.Duration.ofMillis(10)).toCompletableFuture().get();
        index.committedBlock(1, List.of(receipt(id(42), 1)));
        assertEquals(TransactionStatus.COMMITTED, index.view(id(42)).status());
    }

    private static Receipt receipt(ByteString txId, long height) {
        return Receipt.newBuilder().setTxId(txId).setHeight(height).setSuccess(true).build();
    }

    private static ByteString id(int n) {
        return ByteString.copyFromUtf8("tx-" + n);
    }
}
