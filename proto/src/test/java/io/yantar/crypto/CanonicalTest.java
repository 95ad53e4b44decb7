package io.yantar.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.proto.Commit;
import io.yantar.proto.ConsensusMessage;
import io.yantar.proto.Payment;
import io.yantar.proto.Transaction;
import io.yantar.proto.Disburse;
import org.junit.jupiter.api.Test;

/**
 * The hashes below are constants: if an upgrade of protobuf, the JVM or our schema changed
 * the canonical bytes of an existing message, every signature and block hash ever made would
 * stop verifying. These tests pin the encoding across JVM runs and versions.
 */
class CanonicalTest {
    private final CryptoSuite suite = CryptoSuites.ed25519();

    static Transaction sampleDisbursement() {
        return Transaction.newBuilder()
                .setChainId("yantar-test")
                .setSenderPublicKey(ByteString.copyFrom(new byte[32]))
                .setNonce(7)
                .setMemo("child allowance, November")
                .setDisburse(Disburse.newBuilder()
                        .setProgramId("child-allowance-2026-11")
                        .addLines(Payment.newBuilder().setBeneficiary(ByteString.copyFrom(new byte[20])).setAmountKopecks(1_234_56))
                        .addLines(Payment.newBuilder().setBeneficiary(ByteString.copyFrom(new byte[] {1})).setAmountKopecks(99)))
                .build();
    }

    @Test
    void transactionEncodingIsPinned() {
        assertEquals("a42c99288db8cca929c517aee865ad22fa94ef6630e8fc39fd7d251097bf02b7",
                Hex.encode(suite.hash(Canonical.bytes(sampleDisbursement()))));
    }

    @Test
    void commitVoteEncodingIsPinned() {
        ConsensusMessage vote = ConsensusMessage.newBuilder()
                .setCommit(Commit.newBuilder().setChainId("yantar-test").setEpoch(0).setView(3).setHeight(42)
                        .setDigest(ByteString.copyFrom(new byte[32])).setReplica(2))
                .build();
        assertEquals("622700c61624670bb44735f7bdd56711cb4ad5c5bf43e8486ce399b90bfe0b05",
                Hex.encode(suite.hash(Canonical.bytes(vote))));
    }

    @Test
    void canonicalBytesMatchAReparse() throws Exception {
        byte[] bytes = Canonical.bytes(sampleDisbursement());
        assertArrayEquals(bytes, Canonical.bytes(Transaction.parseFrom(bytes)));
    }
}
