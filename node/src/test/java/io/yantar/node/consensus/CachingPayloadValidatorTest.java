package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.ledger.tx.Validation;
import io.yantar.node.http.TestTransactions;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

/** The verdict cache holds transactions until their block executes, and no longer. */
class CachingPayloadValidatorTest {
    private static final String CHAIN = "cache-test";
    private final CryptoSuite suite = CryptoSuites.ed25519();
    private final SecureRandom random = new SecureRandom(); // the verdicts do not depend on which keys sign
    private final SigningKey alice = suite.generateKey(random);
    private final SigningKey bob = suite.generateKey(random);

    @Test
    void admissionFillsTheCacheAndExecutionEmptiesIt() {
        CachingPayloadValidator cache = new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100, () -> { });
        ByteString first = payload(0);
        ByteString second = payload(1);

        assertInstanceOf(Validation.Valid.class, cache.validate(first));
        assertInstanceOf(Validation.Valid.class, cache.validate(second));
        assertInstanceOf(Validation.Valid.class, cache.validate(first), "a second check is a cache hit with the same verdict");
        assertEquals(2, cache.size());

        assertInstanceOf(Validation.Valid.class, cache.lastUse().validate(first));
        assertEquals(1, cache.size(), "the executed transaction's verdict is dropped");
        assertInstanceOf(Validation.Valid.class, cache.lastUse().validate(second));
        assertEquals(0, cache.size());
    }

    @Test
    void aPayloadBeingCheckedIsNotCheckedAgainByASecondCaller() throws Exception {
        java.util.concurrent.CountDownLatch firstChecking = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicInteger fullValidations = new java.util.concurrent.atomic.AtomicInteger();
        CachingPayloadValidator cache = new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100, () -> {
            fullValidations.incrementAndGet();
            firstChecking.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        ByteString payload = payload(0);
        java.util.concurrent.CompletableFuture<Validation> first = java.util.concurrent.CompletableFuture.supplyAsync(() -> cache.validate(payload));
        firstChecking.await();
        java.util.concurrent.atomic.AtomicReference<Validation> second = new java.util.concurrent.atomic.AtomicReference<>();
        Thread secondCaller = new Thread(() -> second.set(cache.validate(payload)));
        secondCaller.start();
        while (secondCaller.getState() != Thread.State.BLOCKED && secondCaller.getState() != Thread.State.WAITING) {
            Thread.onSpinWait(); // until the second caller waits for the first one's verdict
        }
        release.countDown();
        secondCaller.join();

        assertInstanceOf(Validation.Valid.class, first.get());
        assertInstanceOf(Validation.Valid.class, second.get());
        assertEquals(1, fullValidations.get(), "one signature check for both callers");
    }

    @Test
    void refusedPayloadsAreCachedAndDroppedTheSameWay() {
        CachingPayloadValidator cache = new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100, () -> { });
        ByteString garbage = ByteString.copyFromUtf8("not a signed transaction");

        assertInstanceOf(Validation.Invalid.class, cache.validate(garbage));
        assertEquals(1, cache.size());
        assertInstanceOf(Validation.Invalid.class, cache.lastUse().validate(garbage));
        assertEquals(0, cache.size());
    }

    @Test
    void aCertifiedBlockIsCheckedWithoutSignaturesAndLeavesNothingCached() throws Exception {
        java.util.concurrent.atomic.AtomicInteger fullValidations = new java.util.concurrent.atomic.AtomicInteger();
        CachingPayloadValidator cache = new CachingPayloadValidator(new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS), 100,
                fullValidations::incrementAndGet);
        io.yantar.proto.SignedTransaction signed = io.yantar.proto.SignedTransaction.parseFrom(payload(0));
        byte[] signature = signed.getSignature().toByteArray();
        signature[0] ^= 1;
        ByteString forged = ByteString.copyFrom(Canonical.bytes(signed.toBuilder().setSignature(ByteString.copyFrom(signature)).build()));
        assertEquals(io.yantar.ledger.tx.ReasonCode.BAD_SIGNATURE,
                assertInstanceOf(Validation.Invalid.class, new StatelessValidator(suite, CHAIN, LedgerLimits.DEFAULTS).validate(forged)).reason(),
                "the forgery, as a client or peer hands it in");

        assertInstanceOf(Validation.Valid.class, cache.lastUseOfCertified().validate(forged),
                "in a certified block the signature is not verified again (a quorum did)");
        ByteString otherChain = ByteString.copyFrom(Canonical.bytes(
                TestTransactions.transfer(alice, "another-chain", 1, TestTransactions.address(bob), 100)));
        assertEquals(io.yantar.ledger.tx.ReasonCode.WRONG_CHAIN_ID,
                assertInstanceOf(Validation.Invalid.class, cache.lastUseOfCertified().validate(otherChain)).reason(),
                "every other check stays: it decides how the transaction executes");
        assertEquals(0, fullValidations.get(), "no full validation, no signature verified");
        assertEquals(0, cache.size(), "nothing cached by certified execution");

        ByteString seenLive = payload(1);
        cache.validate(seenLive);
        assertEquals(1, cache.size());
        assertInstanceOf(Validation.Valid.class, cache.lastUseOfCertified().validate(seenLive));
        assertEquals(0, cache.size(), "a verdict held for a fetched transaction is read once more and dropped");
    }

    private ByteString payload(long nonce) {
        return ByteString.copyFrom(Canonical.bytes(
                TestTransactions.transfer(alice, CHAIN, nonce, TestTransactions.address(bob), 100)));
    }
}
