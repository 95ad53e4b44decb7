package io.yantar.consensus.wire;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.sim.Simulation;
import io.yantar.consensus.sim.SimulationOptions;
import io.yantar.consensus.sim.SimulationResult;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.CryptoSuites;
import io.yantar.crypto.SigningKey;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulator with the production authenticator of each crypto suite instead of its keyed
 * hash: four replicas, one faulty, a few seeds; every vote and certificate carries a real
 * Ed25519 or GOST R 34.10-2012 signature over the canonical protobuf bytes, and safety and
 * liveness must hold as with the fake. Keys come from the seed, so a failure replays.
 */
class RealSignatureSimulationTest {
    private static final int REPLICAS = 4;
    private static final int SEEDS = 3;

    static Stream<Arguments> suitesAndSeeds() {
        List<Arguments> runs = new ArrayList<>();
        for (CryptoSuite suite : List.of(CryptoSuites.ed25519(), CryptoSuites.gost2012())) {
            for (long seed = 1; seed <= SEEDS; seed++) {
                runs.add(Arguments.of(suite.id(), seed));
            }
        }
        return runs.stream();
    }

    @ParameterizedTest(name = "{0}, seed {1}")
    @MethodSource("suitesAndSeeds")
    void safetyAndLivenessHoldWithRealSignatures(String suiteId, long seed) throws Exception {
        SimulationOptions options = SimulationOptions.of(REPLICAS, 1, 1, seed);
        SimulationResult result = new Simulation(options, seed, null, signers(CryptoSuites.byId(suiteId), seed)).run();
        assertTrue(result.passed(), suiteId + " seed " + seed + ": " + result);
        assertTrue(result.events() > 100, "the run did something: " + result);
    }

    /** Replica i's authenticator with a key pair drawn from the seed. */
    private static IntFunction<Authenticator> signers(CryptoSuite suite, long seed) throws NoSuchAlgorithmException {
        SecureRandom deterministic = SecureRandom.getInstance("SHA1PRNG");
        deterministic.setSeed(seed);
        List<SigningKey> keys = new ArrayList<>();
        for (int i = 0; i < REPLICAS; i++) {
            keys.add(suite.generateKey(deterministic));
        }
        List<byte[]> publicKeys = keys.stream().map(SigningKey::publicKey).toList();
        ProtoCodec codec = new ProtoCodec("sim");
        return replica -> new SuiteAuthenticator(codec, keys.get(replica), replica, publicKeys);
    }
}
