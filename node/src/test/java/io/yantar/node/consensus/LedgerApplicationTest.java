package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.node.http.TestTransactions;
import io.yantar.proto.SignedTransaction;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The ledger as the consensus core sees it: copies of executed payments are known without a signature check. */
class LedgerApplicationTest {
    private static final String CHAIN = "application-test";
    private final CryptoSuite suite = CryptoSuites.ed25519();
    private final SecureRandom random = new SecureRandom(); // the answers do not depend on which keys sign
    private final SigningKey alice = suite.generateKey(random);
    private final SigningKey bob = suite.generateKey(random);
    private final AtomicInteger fullValidations = new AtomicInteger();
    private final LedgerApplication application = new LedgerApplication(
            new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100, fullValidations::incrementAndGet),
            new ProposalDigests(suite, CHAIN), new ProtoCodec(CHAIN), new NonceGate(10, 1_000));

    @Test
    void aCopyOfAnExecutedPaymentIsRecognisedWithoutCheckingItsSignature() throws Exception {
        application.nonceAdvanced(TestTransactions.address(alice).bytes(), 1);

        assertTrue(application.replaysExecutedRequest(payload(0)), "nonce 0 was used");
        assertFalse(application.replaysExecutedRequest(payload(1)), "nonce 1 is next");
        SignedTransaction signed = SignedTransaction.parseFrom(payload(0).toArray());
        byte[] signature = signed.getSignature().toByteArray();
        signature[0] ^= 1;
        Bytes forged = Bytes.wrap(Canonical.bytes(signed.toBuilder().setSignature(ByteString.copyFrom(signature)).build()));
        assertTrue(application.replaysExecutedRequest(forged), "a forged copy names a used nonce too: it can never execute either");
        assertFalse(application.replaysExecutedRequest(Bytes.wrap("not a transaction".getBytes(java.nio.charset.StandardCharsets.UTF_8))),
                "bytes that do not parse are left to the full check, which refuses them with a reason");
        assertEquals(0, fullValidations.get(), "no signature was verified");
    }

    private Bytes payload(long nonce) {
        return Bytes.wrap(Canonical.bytes(TestTransactions.transfer(alice, CHAIN, nonce, TestTransactions.address(bob), 100)));
    }
}
