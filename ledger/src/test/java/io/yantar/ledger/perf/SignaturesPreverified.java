package io.yantar.ledger.perf;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.security.SecureRandom;

/** The suite with signature checks switched off, to measure block execution without them. */
final class SignaturesPreverified implements CryptoSuite {
    private final CryptoSuite delegate;

    SignaturesPreverified(CryptoSuite delegate) {
        this.delegate = delegate;
    }

    @Override
    public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
        return true;
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
