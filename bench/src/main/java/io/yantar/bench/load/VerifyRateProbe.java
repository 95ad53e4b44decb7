package io.yantar.bench.load;

import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.util.List;

/**
 * Measures signature verifications per second on one thread with the node's suite, on real
 * signed payments of the run: the per-core figure of the machine limit. A warm-up lets the JIT
 * compile the verifier first: rounds of one second until a round is no faster than the one
 * before. A fixed second may be too short in a fresh JVM: one run's probe read 11,855/s before its
 * load and 15,765/s after it, and a low reading makes the ratio to the limit look better.
 */
final class VerifyRateProbe {
    private record Sample(byte[] publicKey, byte[] message, byte[] signature) {
    }

    private VerifyRateProbe() {
    }

    /** A warm-up round this much faster than the one before means the JIT is still at work. */
    private static final double STILL_WARMING = 1.02;
    private static final double WARMUP_ROUND_SECONDS = 1;

    /** @param warmupSecondsMax the warm-up ends earlier once a round is no faster than the one before */
    static double verificationsPerSecond(CryptoSuite suite, List<SignedPayment> payments, double warmupSecondsMax, double measureSeconds) {
        List<Sample> samples = payments.stream().map(VerifyRateProbe::sample).toList();
        double previous = run(suite, samples, WARMUP_ROUND_SECONDS);
        for (double warmed = WARMUP_ROUND_SECONDS; warmed < warmupSecondsMax; warmed += WARMUP_ROUND_SECONDS) {
            double round = run(suite, samples, WARMUP_ROUND_SECONDS);
            if (round < previous * STILL_WARMING) {
                break;
            }
            previous = round;
        }
        return run(suite, samples, measureSeconds);
    }

    private static double run(CryptoSuite suite, List<Sample> samples, double seconds) {
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long verified = 0;
        long now;
        do {
            for (Sample sample : samples) {
                if (!suite.verify(sample.publicKey(), SignatureDomain.TRANSACTION, sample.message(), sample.signature())) {
                    throw new IllegalStateException("a payment the bench signed does not verify: the signer and the suite disagree");
                }
            }
            verified += samples.size();
            now = System.nanoTime();
        } while (now < deadline);
        return verified / ((now - start) / 1e9);
    }

    private static Sample sample(SignedPayment payment) {
        try {
            SignedTransaction signed = SignedTransaction.parseFrom(payment.payload());
            Transaction transaction = Transaction.parseFrom(signed.getTransaction());
            return new Sample(transaction.getSenderPublicKey().toByteArray(), signed.getTransaction().toByteArray(), signed.getSignature().toByteArray());
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("the bench's own payment does not parse", e);
        }
    }
}
