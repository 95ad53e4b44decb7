package io.yantar.crypto;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import org.bouncycastle.asn1.cryptopro.ECGOST3410NamedCurves;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.GOST3411_2012_256Digest;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.ParametersWithRandom;
import org.bouncycastle.crypto.signers.ECGOST3410_2012Signer;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;

/**
 * GOST R 34.10-2012 signatures (256-bit, curve id-tc26-gost-3410-12-256-paramSetB, which is
 * the CryptoPro-A curve of prime order, cofactor 1) with GOST R 34.11-2012 Streebog-256
 * hashes, through Bouncy Castle.
 *
 * <p>Encodings (Yantar's own, documented in docs/CRYPTO.md): private key = d, 32 bytes
 * big-endian; public key = x || y, 32 bytes each big-endian; signature = r || s, 32 bytes each
 * big-endian; the signed digest e is Streebog-256 of {@code tag || 0x00 || message}, its 32
 * bytes read as a little-endian integer (Bouncy Castle's convention, checked against the
 * standard's worked example).
 *
 * <p>Strict rule: a public key must be a point on the curve, not the point at infinity, with
 * coordinates below p (the curve has prime order, so such a point has no small-order part);
 * a signature must have 1 &le; r, s &lt; q; then the GOST verification equation must hold.
 */
public final class Gost2012Suite implements CryptoSuite {
    public static final String ID = "gost3410-2012-256-streebog";
    private static final String CURVE = "Tc26-Gost-3410-12-256-paramSetB";
    private static final int FIELD_BYTES = 32;
    private static final int KEY_CACHE_ENTRIES_MAX = 100_000;

    private final ECDomainParameters domain;
    private final SecureRandom signingRandom = new SecureRandom();
    private final ConcurrentHashMap<KeyBytes, ECPublicKeyParameters> validatedKeys = new ConcurrentHashMap<>();

    Gost2012Suite() {
        this(standardCurve());
    }

    /** For the standard's worked example, which uses its own test curve. */
    Gost2012Suite(ECDomainParameters domain) {
        this.domain = domain;
    }

    private static ECDomainParameters standardCurve() {
        X9ECParameters curve = ECGOST3410NamedCurves.getByNameX9(CURVE);
        return new ECDomainParameters(curve.getCurve(), curve.getG(), curve.getN(), curve.getH());
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public int publicKeyLength() {
        return 2 * FIELD_BYTES;
    }

    @Override
    public int signatureLength() {
        return 2 * FIELD_BYTES;
    }

    @Override
    public int hashLength() {
        return 32;
    }

    @Override
    public SigningKey generateKey(SecureRandom random) {
        BigInteger d;
        do {
            d = new BigInteger(domain.getN().bitLength(), random);
        } while (d.signum() == 0 || d.compareTo(domain.getN()) >= 0);
        return keyFromPrivate(fixedLength(d));
    }

    @Override
    public SigningKey keyFromPrivate(byte[] privateKey) {
        BigInteger d = new BigInteger(1, privateKey);
        if (privateKey.length != FIELD_BYTES || d.signum() == 0 || d.compareTo(domain.getN()) >= 0) {
            throw new IllegalArgumentException("a GOST 256-bit private key is 32 bytes in [1, q-1]");
        }
        ECPoint q = new FixedPointCombMultiplier().multiply(domain.getG(), d).normalize();
        return new SigningKey(this, privateKey, encodePoint(q));
    }

    @Override
    public byte[] sign(byte[] privateKey, SignatureDomain signatureDomain, byte[] message) {
        return signDigest(privateKey, hash(signatureDomain.bind(message)));
    }

    @Override
    public boolean verify(byte[] publicKey, SignatureDomain signatureDomain, byte[] message, byte[] signature) {
        if (message == null) {
            return false;
        }
        return verifyDigest(publicKey, hash(signatureDomain.bind(message)), signature);
    }

    @Override
    public boolean isAcceptablePublicKey(byte[] publicKey) {
        return decodeValidated(publicKey) != null;
    }

    @Override
    public byte[] hash(byte[] data) {
        return hash(new byte[][] {data});
    }

    @Override
    public byte[] hash(byte[]... parts) {
        GOST3411_2012_256Digest digest = new GOST3411_2012_256Digest();
        for (byte[] part : parts) {
            digest.update(part, 0, part.length);
        }
        byte[] out = new byte[32];
        digest.doFinal(out, 0);
        return out;
    }

    byte[] signDigest(byte[] privateKey, byte[] digest) {
        ECGOST3410_2012Signer signer = new ECGOST3410_2012Signer();
        signer.init(true, new ParametersWithRandom(new ECPrivateKeyParameters(new BigInteger(1, privateKey), domain), signingRandom));
        BigInteger[] rs = signer.generateSignature(digest);
        byte[] out = new byte[2 * FIELD_BYTES];
        System.arraycopy(fixedLength(rs[0]), 0, out, 0, FIELD_BYTES);
        System.arraycopy(fixedLength(rs[1]), 0, out, FIELD_BYTES, FIELD_BYTES);
        return out;
    }

    boolean verifyDigest(byte[] publicKey, byte[] digest, byte[] signature) {
        if (signature == null || signature.length != 2 * FIELD_BYTES) {
            return false;
        }
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, FIELD_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, FIELD_BYTES, 2 * FIELD_BYTES));
        BigInteger q = domain.getN();
        if (r.signum() == 0 || s.signum() == 0 || r.compareTo(q) >= 0 || s.compareTo(q) >= 0) {
            return false;
        }
        ECPublicKeyParameters key = decodeValidated(publicKey);
        if (key == null) {
            return false;
        }
        ECGOST3410_2012Signer verifier = new ECGOST3410_2012Signer();
        verifier.init(false, key);
        return verifier.verifySignature(digest, r, s);
    }

    private ECPublicKeyParameters decodeValidated(byte[] publicKey) {
        if (publicKey == null || publicKey.length != 2 * FIELD_BYTES) {
            return null;
        }
        KeyBytes cacheKey = new KeyBytes(publicKey.clone());
        ECPublicKeyParameters cached = validatedKeys.get(cacheKey);
        if (cached != null) {
            return cached;
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(publicKey, 0, FIELD_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(publicKey, FIELD_BYTES, 2 * FIELD_BYTES));
        BigInteger p = domain.getCurve().getField().getCharacteristic();
        if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
            return null;
        }
        ECPoint point;
        try {
            point = domain.getCurve().createPoint(x, y);
        } catch (IllegalArgumentException notOnCurve) {
            return null;
        }
        if (point.isInfinity() || !point.isValid()) {
            return null;
        }
        ECPublicKeyParameters key = new ECPublicKeyParameters(point, domain);
        if (validatedKeys.size() >= KEY_CACHE_ENTRIES_MAX) {
            validatedKeys.clear();
        }
        validatedKeys.put(cacheKey, key);
        return key;
    }

    private static byte[] encodePoint(ECPoint point) {
        byte[] out = new byte[2 * FIELD_BYTES];
        System.arraycopy(fixedLength(point.getAffineXCoord().toBigInteger()), 0, out, 0, FIELD_BYTES);
        System.arraycopy(fixedLength(point.getAffineYCoord().toBigInteger()), 0, out, FIELD_BYTES, FIELD_BYTES);
        return out;
    }

    private static byte[] fixedLength(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[FIELD_BYTES];
        int copy = Math.min(raw.length, FIELD_BYTES);
        System.arraycopy(raw, raw.length - copy, out, FIELD_BYTES - copy, copy);
        return out;
    }

    private record KeyBytes(byte[] bytes) {
        @Override
        public boolean equals(Object other) {
            return other instanceof KeyBytes that && Arrays.equals(bytes, that.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
