package io.yantar.crypto;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Ed25519 signatures (RFC 8032, pure, through Bouncy Castle's low-level API) with SHA-256
 * hashes (the JDK's, which has CPU intrinsics).
 *
 * <p>The strict validation rule, identical on every replica so that no crafted signature can
 * split them (see docs/CRYPTO.md):
 * <ol>
 *   <li>a public key is 32 bytes, the canonical encoding of a point of the prime-order
 *       subgroup: no non-canonical y (y &ge; p, or x = 0 with the sign bit set), no small-order
 *       point, no point with a torsion component;</li>
 *   <li>a signature is 64 bytes {@code R || S}: {@code S} must be below the group order
 *       {@code L}, {@code R} must be a canonical point encoding;</li>
 *   <li>then the verification equation {@code [S]B = R + [k]A} must hold.</li>
 * </ol>
 * Keys that fail rule 1 are refused when they are registered and never verify anything.
 */
public final class Ed25519Suite implements CryptoSuite {
    public static final String ID = "ed25519-sha256";

    /** Validated keys are decoded once: full validation costs a scalar multiplication. */
    private static final int KEY_CACHE_ENTRIES_MAX = 100_000;

    private static final byte[] GROUP_ORDER_LE = littleEndian(
            "1000000000000000000000000000000014def9dea2f79cd65812631a5cf5d3ed");
    private static final byte[] FIELD_PRIME_LE = littleEndian(
            "7fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffed");

    private final ConcurrentHashMap<KeyBytes, Ed25519.PublicPoint> validatedKeys = new ConcurrentHashMap<>();
    private final ThreadLocal<MessageDigest> sha256 = ThreadLocal.withInitial(Ed25519Suite::newSha256);

    Ed25519Suite() {
        Ed25519.precompute();
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int publicKeyLength() {
        return Ed25519.PUBLIC_KEY_SIZE;
    }

    @Override
    public int signatureLength() {
        return Ed25519.SIGNATURE_SIZE;
    }

    @Override
    public int hashLength() {
        return 32;
    }

    @Override
    public SigningKey generateKey(SecureRandom random) {
        byte[] seed = new byte[Ed25519.SECRET_KEY_SIZE];
        Ed25519.generatePrivateKey(random, seed);
        return keyFromPrivate(seed);
    }

    @Override
    public SigningKey keyFromPrivate(byte[] privateKey) {
        if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + privateKey.length);
        }
        byte[] publicKey = new byte[Ed25519.PUBLIC_KEY_SIZE];
        Ed25519.generatePublicKey(privateKey, 0, publicKey, 0);
        return new SigningKey(this, privateKey, publicKey);
    }

    @Override
    public byte[] sign(byte[] privateKey, SignatureDomain domain, byte[] message) {
        return signRaw(privateKey, domain.bind(message));
    }

    @Override
    public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
        return verifyRaw(publicKey, domain.bind(message), signature);
    }

    @Override
    public boolean isAcceptablePublicKey(byte[] publicKey) {
        return decodeValidated(publicKey) != null;
    }

    @Override
    public byte[] hash(byte[] data) {
        MessageDigest digest = sha256.get();
        digest.reset();
        return digest.digest(data);
    }

    @Override
    public byte[] hash(byte[]... parts) {
        MessageDigest digest = sha256.get();
        digest.reset();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    /** Plain RFC 8032 Ed25519 of {@code message}, without a domain tag (test vectors use it). */
    byte[] signRaw(byte[] privateKey, byte[] message) {
        if (privateKey.length != Ed25519.SECRET_KEY_SIZE) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, got " + privateKey.length);
        }
        byte[] signature = new byte[Ed25519.SIGNATURE_SIZE];
        Ed25519.sign(privateKey, 0, message, 0, message.length, signature, 0);
        return signature;
    }

    /** Plain RFC 8032 verification under the strict rule of this class. */
    boolean verifyRaw(byte[] publicKey, byte[] message, byte[] signature) {
        if (signature == null || signature.length != Ed25519.SIGNATURE_SIZE || message == null) {
            return false;
        }
        if (!isScalarBelowGroupOrder(signature) || !isCanonicalPointEncoding(signature, 0)) {
            return false;
        }
        Ed25519.PublicPoint point = decodeValidated(publicKey);
        if (point == null) {
            return false;
        }
        return Ed25519.verify(signature, 0, point, message, 0, message.length);
    }

    private Ed25519.PublicPoint decodeValidated(byte[] publicKey) {
        if (publicKey == null || publicKey.length != Ed25519.PUBLIC_KEY_SIZE) {
            return null;
        }
        KeyBytes key = new KeyBytes(publicKey.clone());
        Ed25519.PublicPoint cached = validatedKeys.get(key);
        if (cached != null) {
            return cached;
        }
        if (!isCanonicalPointEncoding(publicKey, 0)) {
            return null;
        }
        Ed25519.PublicPoint point = Ed25519.validatePublicKeyFullExport(publicKey, 0);
        if (point != null) {
            if (validatedKeys.size() >= KEY_CACHE_ENTRIES_MAX) {
                validatedKeys.clear();
            }
            validatedKeys.put(key, point);
        }
        return point;
    }

    /** {@code S} (the upper 32 bytes, little-endian) is strictly below the group order L. */
    static boolean isScalarBelowGroupOrder(byte[] signature) {
        return compareLittleEndian(signature, 32, GROUP_ORDER_LE) < 0;
    }

    /**
     * A point encoding is canonical when its y (255 bits) is below p and, when x = 0
     * (y = 1 or y = p - 1), the sign bit is clear.
     */
    static boolean isCanonicalPointEncoding(byte[] encoding, int offset) {
        byte[] y = new byte[32];
        System.arraycopy(encoding, offset, y, 0, 32);
        boolean signBit = (y[31] & 0x80) != 0;
        y[31] &= 0x7f;
        if (compareLittleEndian(y, 0, FIELD_PRIME_LE) >= 0) {
            return false;
        }
        return !(signBit && (isOne(y) || isPrimeMinusOne(y)));
    }

    private static boolean isOne(byte[] y) {
        if (y[0] != 1) {
            return false;
        }
        for (int i = 1; i < 32; i++) {
            if (y[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean isPrimeMinusOne(byte[] y) {
        byte[] primeMinusOne = FIELD_PRIME_LE.clone();
        primeMinusOne[0] -= 1;
        return java.util.Arrays.equals(y, primeMinusOne);
    }

    private static int compareLittleEndian(byte[] value, int offset, byte[] bound) {
        for (int i = 31; i >= 0; i--) {
            int a = value[offset + i] & 0xff;
            int b = bound[i] & 0xff;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    private static byte[] littleEndian(String bigEndianHex) {
        byte[] bigEndian = Hex.decode(bigEndianHex);
        byte[] out = new byte[bigEndian.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = bigEndian[bigEndian.length - 1 - i];
        }
        return out;
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java 17 runtime has SHA-256", e);
        }
    }

    private record KeyBytes(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof KeyBytes that && java.util.Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(bytes);
        }
    }
}
