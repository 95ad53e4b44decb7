package io.yantar.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.math.ec.ECCurve;
import org.junit.jupiter.api.Test;

class Gost2012SuiteTest {
    private final CryptoSuite suite = CryptoSuites.gost2012();

    /** GOST R 34.10-2012 appendix A.1 (also RFC 7091 section A.1): the 256-bit worked example. */
    @Test
    void standardWorkedExampleVerifies() {
        BigInteger p = new BigInteger("57896044618658097711785492504343953926634992332820282019728792003956564821041");
        BigInteger a = BigInteger.valueOf(7);
        BigInteger b = new BigInteger("43308876546767276905765904595650931995942111794451039583252968842033849580414");
        BigInteger q = new BigInteger("57896044618658097711785492504343953927082934583725450622380973592137631069619");
        ECCurve curve = new ECCurve.Fp(p, a, b, q, BigInteger.ONE);
        ECDomainParameters example = new ECDomainParameters(curve,
                curve.createPoint(BigInteger.TWO, new BigInteger("4018974056539037503335449422937059775635739389905545080690979365213431566280")),
                q, BigInteger.ONE);
        Gost2012Suite exampleSuite = new Gost2012Suite(example);

        BigInteger d = new BigInteger("55441196065363246126355624130324183196576709222340016572108097750006097525544");
        SigningKey key = exampleSuite.keyFromPrivate(bytes32(d));
        assertArrayEquals(concat(
                bytes32(new BigInteger("57520216126176808443631405023338071176630104906313632182896741342206604859403")),
                bytes32(new BigInteger("17614944419213781543809391949654080031942662045363639260709847859438286763994"))),
                key.publicKey());

        BigInteger e = new BigInteger("20798893674476452017134061561508270130637142515379653289952617252661468872421");
        byte[] signature = concat(
                bytes32(new BigInteger("29700980915817952874371204983938256990422752107994319651632687982059210933395")),
                bytes32(new BigInteger("574973400270084654178925310019147038455227042649098563933718999175515839552")));
        // Bouncy Castle reads the digest as a little-endian integer.
        byte[] digest = reverse(bytes32(e)); // Bouncy Castle reads the digest as a little-endian integer
        assertTrue(exampleSuite.verifyDigest(key.publicKey(), digest, signature));
        byte[] tampered = signature.clone();
        tampered[63] ^= 1;
        assertFalse(exampleSuite.verifyDigest(key.publicKey(), digest, tampered));
    }

    /** RFC 6986 section 10.1, example M1: Streebog-256. */
    @Test
    void streebog256Vector() {
        byte[] m1 = "012345678901234567890123456789012345678901234567890123456789012".getBytes(StandardCharsets.US_ASCII);
        assertEquals("9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500",
                Hex.encode(suite.hash(m1)));
    }

    @Test
    void signsAndVerifiesInADomain() {
        SigningKey key = suite.generateKey(new SecureRandom());
        assertTrue(suite.isAcceptablePublicKey(key.publicKey()));
        byte[] message = "disburse child-allowance-2026-11".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(SignatureDomain.TRANSACTION, message);
        assertEquals(64, signature.length);
        assertTrue(suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, message, signature));
        assertFalse(suite.verify(key.publicKey(), SignatureDomain.CONSENSUS, message, signature));
    }

    @Test
    void strictRuleRefusesOutOfRangeSignaturesAndOffCurveKeys() {
        SigningKey key = suite.generateKey(new SecureRandom());
        byte[] message = {1, 2, 3};
        assertFalse(suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, message, new byte[64]), "r = s = 0");
        byte[] allOnes = new byte[64];
        java.util.Arrays.fill(allOnes, (byte) 0xff);
        assertFalse(suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, message, allOnes), "r, s >= q");
        byte[] offCurve = key.publicKey();
        offCurve[63] ^= 1;
        assertFalse(suite.isAcceptablePublicKey(offCurve));
        assertFalse(suite.isAcceptablePublicKey(new byte[64]));
        assertFalse(suite.isAcceptablePublicKey(new byte[32]));
        assertFalse(suite.verify(null, SignatureDomain.TRANSACTION, message, null));
    }

    @Test
    void isSelectableByItsGenesisId() {
        assertEquals(suite, CryptoSuites.byId("gost3410-2012-256-streebog"));
    }

    private static byte[] bytes32(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int copy = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static byte[] reverse(byte[] in) {
        byte[] out = new byte[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = in[in.length - 1 - i];
        }
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
