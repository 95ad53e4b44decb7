package io.yantar.crypto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.security.SecureRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Ed25519SuiteTest {
    private final Ed25519Suite suite = (Ed25519Suite) CryptoSuites.ed25519();
    private static final BigInteger GROUP_ORDER = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));

    /** RFC 8032 section 7.1, TEST 1, 2, 3 and TEST SHA(abc). */
    @ParameterizedTest(name = "RFC 8032 7.1 vector {index}")
    @CsvSource({
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60, d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '', e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
        "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb, 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72, 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
        "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7, fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025, af82, 6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    })
    void rfc8032Vectors(String secretHex, String publicHex, String messageHex, String signatureHex) {
        byte[] secret = Hex.decode(secretHex);
        byte[] message = Hex.decode(messageHex);
        SigningKey key = suite.keyFromPrivate(secret);
        assertArrayEquals(Hex.decode(publicHex), key.publicKey());
        assertArrayEquals(Hex.decode(signatureHex), suite.signRaw(secret, message));
        assertTrue(suite.verifyRaw(key.publicKey(), message, Hex.decode(signatureHex)));
    }

    @Test
    void signsAndVerifiesInADomain() {
        SigningKey key = suite.generateKey(new SecureRandom());
        byte[] message = "pay 10.00 RUB".getBytes();
        byte[] signature = key.sign(SignatureDomain.TRANSACTION, message);
        assertTrue(suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, message, signature));
        assertFalse(suite.verify(key.publicKey(), SignatureDomain.CONSENSUS, message, signature),
                "a transaction signature must not pass as a consensus vote");
        assertFalse(suite.verify(key.publicKey(), SignatureDomain.TRANSACTION, "pay 99.00 RUB".getBytes(), signature));
    }

    @Test
    void rejectsScalarAtOrAboveGroupOrder() {
        byte[] secret = Hex.decode("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = suite.keyFromPrivate(secret).publicKey();
        byte[] signature = suite.signRaw(secret, new byte[0]);
        // S + L is the classic malleated twin: equal modulo L, so lax verifiers accept it.
        byte[] malleated = signature.clone();
        writeScalar(malleated, readScalar(signature).add(GROUP_ORDER));
        assertTrue(suite.verifyRaw(publicKey, new byte[0], signature));
        assertFalse(suite.verifyRaw(publicKey, new byte[0], malleated));
        byte[] exactlyL = signature.clone();
        writeScalar(exactlyL, GROUP_ORDER);
        assertFalse(suite.verifyRaw(publicKey, new byte[0], exactlyL));
    }

    @Test
    void rejectsNonCanonicalR() {
        byte[] secret = Hex.decode("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb");
        byte[] publicKey = suite.keyFromPrivate(secret).publicKey();
        byte[] signature = suite.signRaw(secret, Hex.decode("72"));
        byte[] yAbovePrime = signature.clone();
        System.arraycopy(Hex.decode("eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"), 0, yAbovePrime, 0, 32);
        assertFalse(suite.verifyRaw(publicKey, Hex.decode("72"), yAbovePrime));
        byte[] negativeZeroX = signature.clone();
        System.arraycopy(Hex.decode("0100000000000000000000000000000000000000000000000000000000000080"), 0, negativeZeroX, 0, 32);
        assertFalse(suite.verifyRaw(publicKey, Hex.decode("72"), negativeZeroX));
    }

    @ParameterizedTest(name = "refuses key {0}")
    @CsvSource({
        // identity (order 1)
        "0100000000000000000000000000000000000000000000000000000000000000",
        // (0, -1): order 2
        "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // y = 0: the two points of order 4
        "0000000000000000000000000000000000000000000000000000000000000000",
        "0000000000000000000000000000000000000000000000000000000000000080",
        // y = p + 1: a non-canonical encoding of the identity
        "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        // x = 0 with the sign bit set
        "0100000000000000000000000000000000000000000000000000000000000080",
        // wrong length
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f70751",
    })
    void refusesSmallOrderNonCanonicalAndMalformedKeys(String keyHex) {
        byte[] key = Hex.decode(keyHex);
        assertFalse(suite.isAcceptablePublicKey(key));
        // A small-order key "verifies" forged signatures under lax rules; ours refuses outright.
        assertFalse(suite.verifyRaw(key, new byte[0], new byte[64]));
    }

    @Test
    void acceptsGeneratedKeysAndNeverThrowsOnGarbage() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 20; i++) {
            assertTrue(suite.isAcceptablePublicKey(suite.generateKey(random).publicKey()));
        }
        byte[] garbage = new byte[64];
        for (int i = 0; i < 200; i++) {
            random.nextBytes(garbage);
            assertFalse(suite.verify(garbage.clone(), SignatureDomain.CONSENSUS, garbage, garbage));
        }
        assertFalse(suite.verify(null, SignatureDomain.CONSENSUS, new byte[0], null));
    }

    @Test
    void hashesWithSha256() {
        assertArrayEquals(Hex.decode("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                suite.hash("abc".getBytes()));
        assertArrayEquals(suite.hash("abc".getBytes()), suite.hash("a".getBytes(), "bc".getBytes()));
    }

    private static BigInteger readScalar(byte[] signature) {
        byte[] bigEndian = new byte[32];
        for (int i = 0; i < 32; i++) {
            bigEndian[i] = signature[63 - i];
        }
        return new BigInteger(1, bigEndian);
    }

    private static void writeScalar(byte[] signature, BigInteger value) {
        byte[] bigEndian = value.toByteArray();
        for (int i = 0; i < 32; i++) {
            int source = bigEndian.length - 1 - i;
            signature[32 + i] = source >= 0 ? bigEndian[source] : 0;
        }
    }
}
