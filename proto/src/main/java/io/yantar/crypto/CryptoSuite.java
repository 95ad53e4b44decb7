package io.yantar.crypto;

/**
 * Everything that signs or hashes in Yantar goes through one suite, chosen by the
 * network's genesis: transactions, consensus messages, certificates, Merkle trees and
 * addresses. Implementations are thread-safe and stateless apart from caches.
 */
public interface CryptoSuite {

    /** Stable identifier written in the genesis, e.g. {@code ed25519-sha256}. */
    String id();

    int publicKeyLength();

    int signatureLength();

    int hashLength();

    /** A fresh key pair from the given source of randomness. */
    SigningKey generateKey(java.security.SecureRandom random);

    /** The key pair whose private half is {@code privateKey} (encoding defined by the suite). */
    SigningKey keyFromPrivate(byte[] privateKey);

    /** Signs {@code message} in {@code domain}; the domain is bound into what is signed. */
    byte[] sign(byte[] privateKey, SignatureDomain domain, byte[] message);

    /**
     * Verifies under the suite's strict rule (documented per suite). Never throws on
     * malformed input: a key or signature of the wrong length or encoding is simply invalid.
     */
    boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature);

    /**
     * Whether a public key may be registered (as a validator, authority or account key).
     * Stricter than what {@link #verify} accepts where the suite says so.
     */
    boolean isAcceptablePublicKey(byte[] publicKey);

    /** The suite's hash of {@code data}. */
    byte[] hash(byte[] data);

    /** The suite's hash of the concatenation of {@code parts}, without copying them together. */
    byte[] hash(byte[]... parts);
}
