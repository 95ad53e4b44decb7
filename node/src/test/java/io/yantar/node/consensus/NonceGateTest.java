package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A sender's payments reach consensus in nonce order, also when a block ordered one too early. */
class NonceGateTest {
    private static final ByteString ALICE = ByteString.copyFromUtf8("alice");

    private final NonceGate gate = new NonceGate(8, 100);

    @Test
    void aPaymentAheadOfItsTurnWaitsForTheEarlierNonce() {
        assertEquals(NonceGate.Verdict.PARKED, gate.offer(ALICE, 1, 0, payload(1)).verdict());
        assertEquals(List.of(payload(0), payload(1)), gate.offer(ALICE, 0, 0, payload(0)).release());
    }

    @Test
    void aPaymentRefusedNonceAheadIsOrderedAgainAfterItsEarlierNonce() {
        gate.offer(ALICE, 5, 5, payload(5));
        gate.offer(ALICE, 6, 5, payload(6));
        gate.offer(ALICE, 7, 5, payload(7));
        // A view change left nonce 5 in a null slot: 6 and 7 were executed first and refused.
        assertEquals(List.of(), gate.requeue(ALICE, 6, 5, payload(6)), "6 waits for 5");
        assertEquals(List.of(), gate.requeue(ALICE, 7, 5, payload(7)));
        assertEquals(NonceGate.Verdict.PARKED, gate.offer(ALICE, 8, 5, payload(8)).verdict(),
                "a new payment waits behind the ones to order again");
        assertEquals(List.of(payload(6), payload(7), payload(8)), gate.executed(ALICE, 6), "5 executed: the rest follow in order");
    }

    @Test
    void aPaymentRefusedInTheSameBlockAsItsEarlierNonceGoesStraightBack() {
        gate.offer(ALICE, 0, 0, payload(0));
        gate.offer(ALICE, 1, 0, payload(1));
        // The block held 1 before 0: 1 was refused, 0 executed; the ledger's next nonce is 1.
        assertEquals(List.of(payload(1)), gate.requeue(ALICE, 1, 1, payload(1)));
    }

    @Test
    void aRefusedPaymentWhoseNonceWasUsedMeanwhileIsDropped() {
        assertEquals(List.of(), gate.requeue(ALICE, 3, 4, payload(3)));
    }

    private static ByteString payload(long nonce) {
        return ByteString.copyFromUtf8("payment-" + nonce);
    }
}
