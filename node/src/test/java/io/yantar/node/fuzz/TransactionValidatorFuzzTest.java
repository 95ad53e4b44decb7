package io.yantar.node.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;

/**
 * The transaction validator every node runs on client and peer payloads: any bytes get a
 * verdict (never an exception), with a reason when refused, and the same verdict twice.
 */
class TransactionValidatorFuzzTest {
    private static final FuzzNetwork NETWORK = FuzzNetwork.get();
    private static final StatelessValidator VALIDATOR = new StatelessValidator(FuzzNetwork.SUITE, NETWORK.chainId(), LedgerLimits.DEFAULTS);

    @FuzzTest(maxDuration = "5s")
    void anyPayloadGetsAVerdict(FuzzedDataProvider data) {
        ByteString payload = FuzzedTransactions.payload(data, NETWORK);
        Validation verdict = VALIDATOR.validate(payload);
        assertNotNull(verdict.txId());
        if (verdict instanceof Validation.Invalid invalid) {
            assertNotNull(invalid.reason());
        }
        assertEquals(verdict.getClass(), VALIDATOR.validate(payload).getClass(), "validation is deterministic");
    }
}
