package io.yantar.ledger.perf;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.ForwardingCryptoSuite;
import io.yantar.crypto.SignatureDomain;

/** The suite with signature checks switched off, to measure block execution without them. */
final class SignaturesPreverified extends ForwardingCryptoSuite {
    SignaturesPreverified(CryptoSuite delegate) {
        super(delegate);
    }

    @Override
    public boolean verify(byte[] publicKey, SignatureDomain domain, byte[] message, byte[] signature) {
        return true;
    }
}
