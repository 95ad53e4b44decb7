package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.consensus.TransactionIndex.Admission;
import io.yantar.proto.Receipt;
import org.junit.jupiter.api.Test;

/** The bounded mempool: a cap for all, a cap per sender so one account cannot fill it. */
class TransactionIndexTest {
    private static final ByteString FLOODER = ByteString.copyFromUtf8("flooder");
    private static final ByteString OTHER = ByteString.copyFromUtf8("other");

    private final TransactionIndex index = new TransactionIndex(10, 3, millis -> { });

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
        index.committed(id(0), 1, Receipt.getDefaultInstance());
        assertEquals(Admission.ADMITTED, index.admit(id(3), FLOODER, 10));
        index.expirePending(2);
        assertEquals(2, index.pendingCount());
        assertEquals(Admission.ADMITTED, index.admit(id(4), FLOODER, 10));
        assertEquals(Admission.SENDER_FULL, index.admit(id(5), FLOODER, 10));
    }

    @Test
    void theWholeMempoolHasItsOwnCap() {
        TransactionIndex small = new TransactionIndex(2, 3, millis -> { });
        small.admit(id(0), FLOODER, 0);
        small.admit(id(1), OTHER, 0);
        assertEquals(Admission.FULL, small.admit(id(2), ByteString.copyFromUtf8("third"), 0));
    }

    @Test
    void aNonceAheadReceiptDoesNotSettleThePayment() {
        index.admit(id(7), FLOODER, 0);
        index.committed(id(7), 5, refused("NONCE_AHEAD"));
        assertEquals(TransactionStatus.PENDING, index.view(id(7)).status(), "it is ordered again after its earlier nonce");
        Receipt success = Receipt.newBuilder().setTxId(id(7)).setHeight(6).setSuccess(true).build();
        index.committed(id(7), 6, success);
        assertEquals(TransactionStatus.COMMITTED, index.view(id(7)).status());
        assertEquals(6, index.view(id(7)).height());
    }

    @Test
    void aLaterRefusalOfTheSameIdNeverHidesItsSuccess() {
        Receipt success = Receipt.newBuilder().setTxId(id(8)).setHeight(3).setSuccess(true).build();
        index.committed(id(8), 3, success);
        index.committed(id(8), 4, refused("NONCE_REPLAYED")); // a view change re-proposed it
        assertEquals(success, index.receipt(id(8)).orElseThrow());
    }

    private static Receipt refused(String reason) {
        return Receipt.newBuilder().setSuccess(false).setReasonCode(reason).build();
    }

    private static ByteString id(int n) {
        return ByteString.copyFromUtf8("tx-" + n);
    }
}
