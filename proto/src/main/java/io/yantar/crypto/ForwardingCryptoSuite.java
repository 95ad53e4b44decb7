package io.yantar.crypto;

import java.security.SecureRandom;

/**
 * A suite that passes every call to another; subclasses override what they change (a
 * measurement that counts hashes, a benchmark that skips signature checks it already paid
 * for). Never used by a running node.
 */
public abstract class ForwardingCryptoSuite implements CryptoSuite {
    private final CryptoSuite delegate;

    protected ForwardingCryptoSuite(CryptoSuite delegate) {
        this.delegate = delegate;
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

    @Override
    public byte[] hash(byte[] data) {
        return delegate.hash(data);
    }

    @Override
    public byte[] hash(byte[]... parts) {
        return delegate.hash(parts);
    }
}
