package io.yantar.ledger.perf;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.security.SecureRandom;

/** A suite that counts its hash calls, for measurements that do not depend on machine load. */
final class HashCountingSuite implements CryptoSuite {
    private final CryptoSuite delegate;
    private long hashes;

    HashCountingSuite(CryptoSuite delegate) {
        this.delegate = delegate;
    }

    long hashes() {
        return hashes;
    }

    @Override
    public byte[] hash(byte[] data) {
        hashes++;
        return delegate.hash(data);
    }

    @Override
    public byte[] hash(byte[]... parts) {
        hashes++;
        return delegate.hash(parts);
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public int publicKeyLength() {
        return delegate.publicKeyLength();
    }

    @Override
    public int signatureLength() {
        return delegate.signatureLength();
    }

    @Override
    public int hashLength() {
        return delegate.hashLength();
    }

    @Override
    public SigningKey generateKey(SecureRandom random) {
        return delegate.generateKey(random);
    }

    @Override
    public SigningKey keyFromPrivate(byte[] privateKey) {
        return delegate.keyFromPrivate(privateKey);
    }

    @Override
    public byte[] sign(byte[] privateKey, SignatureDomain domain, byte[] message) {
        return delegate.sign(privateKey, domain, message);
    }

    @Override
    public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
        return delegate.verify(publicKey, domain, message, signature);
    }

    @Override
    public boolean isAcceptablePublicKey(byte[] publicKey) {
        return delegate.isAcceptablePublicKey(publicKey);
    }
}
