package io.yantar.ledger.tx;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.yantar.proto.Disburse;
import io.yantar.proto.Governance;
import io.yantar.proto.Payment;
import io.yantar.proto.RoleChange;
import io.yantar.proto.Transaction;
import org.junit.jupiter.api.Test;

class UnknownFieldsTest {
    private static final UnknownFieldSet STRAY = UnknownFieldSet.newBuilder()
            .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(1).build())
            .build();

    @Test
    void findsUnknownFieldsAtAnyDepth() {
        Payment clean = Payment.newBuilder().setBeneficiary(ByteString.copyFrom(new byte[20])).setAmountKopecks(1).build();
        Transaction cleanRun = Transaction.newBuilder().setDisburse(Disburse.newBuilder().addLines(clean).addLines(clean)).build();
        assertFalse(UnknownFields.anyIn(cleanRun));

        Transaction strayLine = Transaction.newBuilder().setDisburse(Disburse.newBuilder().addLines(clean)
                .addLines(clean.toBuilder().setUnknownFields(STRAY))).build();
        assertTrue(UnknownFields.anyIn(strayLine));

        Transaction strayRole = Transaction.newBuilder().setGovernance(Governance.newBuilder()
                .setGrantRole(RoleChange.newBuilder().setRole("issuer").setUnknownFields(STRAY))).build();
        assertTrue(UnknownFields.anyIn(strayRole));
        assertTrue(UnknownFields.anyIn(cleanRun.toBuilder().setUnknownFields(STRAY).build()));
    }
}
