package io.yantar.bench;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Signature sign and verify per second on one thread, per crypto suite: the physical limit
 * every throughput figure of Yantar is compared with (each replica verifies each payment).
 * A 200-byte message, the size of a signed transfer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class CryptoBenchmark {
    @Param({"ed25519-sha256", "gost3410-2012-256-streebog"})
    public String suiteId;

    private CryptoSuite suite;
    private SigningKey key;
    private byte[] publicKey;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() {
        suite = CryptoSuites.byId(suiteId);
        key = suite.generateKey(new SecureRandom());
        publicKey = key.publicKey();
        message = new byte[200];
        new SecureRandom().nextBytes(message);
        signature = key.sign(SignatureDomain.TRANSACTION, message);
    }

    @Benchmark
    public byte[] sign() {
        return key.sign(SignatureDomain.TRANSACTION, message);
    }

    @Benchmark
    public boolean verify() {
        return suite.verify(publicKey, SignatureDomain.TRANSACTION, message, signature);
    }

    @Benchmark
    public byte[] hash() {
        return suite.hash(message);
    }
}
