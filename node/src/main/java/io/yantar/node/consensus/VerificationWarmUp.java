package io.yantar.node.consensus;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a throwaway signature many times once the node is ready, on a daemon thread of its
 * own, so the JIT compiles the suite's verification code before payments arrive. Under load the optimising
 * compiler's queue is long: four nodes sharing two cores were measured running Ed25519
 * verification in first-tier code for two minutes (BENCHMARKS.md, runs AE), and every payment's
 * signature goes through it. The thread does nothing else and ends by itself.
 */
public final class VerificationWarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(VerificationWarmUp.class);
    /** About a signed transfer's size. */
    private static final int MESSAGE_BYTES = 200;

    /** What a finished warm-up did. */
    public record Result(int verifications, boolean allValid, long nanos) {
    }

    private VerificationWarmUp() {
    }

    /** Starts {@code verifications} checks of one signature of {@code suite}; empty when there are none to do. */
    public static Optional<CompletableFuture<Result>> start(CryptoSuite suite, int verifications) {
        if (verifications <= 0) {
            return Optional.empty();
        }
        CompletableFuture<Result> done = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                done.complete(run(suite, verifications));
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        }, "yantar-verification-warm-up");
        thread.setDaemon(true);
        thread.setPriority(Thread.MIN_PRIORITY);
        thread.start();
        return Optional.of(done);
    }

    private static Result run(CryptoSuite suite, int verifications) {
        SecureRandom random = new SecureRandom();
        SigningKey key = suite.generateKey(random);
        byte[] message = new byte[MESSAGE_BYTES];
        random.nextBytes(message);
        byte[] signature = key.sign(SignatureDomain.TRANSACTION, message);
        byte[] publicKey = key.publicKey();
        long start = System.nanoTime();
        boolean allValid = true;
        for (int i = 0; i < verifications; i++) {
            allValid &= suite.verify(publicKey, SignatureDomain.TRANSACTION, message, signature);
        }
        Result result = new Result(verifications, allValid, System.nanoTime() - start);
        if (allValid) {
            LOG.info("verification warm-up: {} {} signatures checked in {} ms", verifications, suite.id(), result.nanos() / 1_000_000);
        } else {
            LOG.error("verification warm-up: a valid {} signature was refused; this node's crypto suite is broken", suite.id());
        }
        return result;
    }
}
