package io.yantar.ledger.perf;

import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.ForwardingCryptoSuite;

/** A suite that counts its hash calls, for measurements that do not depend on machine load. */
final class HashCountingSuite extends ForwardingCryptoSuite {
    private long hashes;

    HashCountingSuite(CryptoSuite delegate) {
        super(delegate);
    }

    long hashes() {
        return hashes;
    }

    @Override
    public byte[] hash(byte[] data) {
        hashes++;
        return super.hash(data);
    }

    @Override
    public byte[] hash(byte[]... parts) {
        hashes++;
        return super.hash(parts);
    }
}
