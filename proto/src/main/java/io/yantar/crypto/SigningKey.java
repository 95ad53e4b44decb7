package io.yantar.crypto;

import java.util.Arrays;

/** A private key with its public half, bound to the suite that made it. */
public final class SigningKey {
    private final CryptoSuite suite;
    private final byte[] privateKey;
    private final byte[] publicKey;

    public SigningKey(CryptoSuite suite, byte[] privateKey, byte[] publicKey) {
        this.suite = suite;
        this.privateKey = privateKey.clone();
        this.publicKey = publicKey.clone();
    }

    public CryptoSuite suite() {
        return suite;
    }

    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** The private key bytes; only for writing the key file. */
    public byte[] privateKeyBytes() {
        return privateKey.clone();
    }

    public byte[] sign(SignatureDomain domain, byte[] message) {
        return suite.sign(privateKey, domain, message);
    }

    /** Never prints the private key. */
    @Override
    public String toString() {
        return "SigningKey[" + suite.id() + ", public=" + Hex.encode(publicKey) + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SigningKey that
                && suite.id().equals(that.suite.id())
                && Arrays.equals(publicKey, that.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }
}
