package io.yantar.consensus.wire;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.util.List;

/**
 * The production {@link Authenticator}: the genesis's crypto suite in the CONSENSUS domain over
 * the canonical bytes of the message's {@code ConsensusMessage} proto. These are exactly the bytes
 * the ledger's certificate verifier rebuilds from a compact commit or checkpoint certificate.
 */
public final class SuiteAuthenticator implements Authenticator {
    private final ProtoCodec codec;
    private final SigningKey key;
    private final int self;
    private final List<byte[]> publicKeys;

    /** {@code publicKeys} in validator-set order; {@code key} must be the one at {@code self}. */
    public SuiteAuthenticator(ProtoCodec codec, SigningKey key, int self, List<byte[]> publicKeys) {
        if (self < 0 || self >= publicKeys.size() || !java.util.Arrays.equals(publicKeys.get(self), key.publicKey())) {
            throw new IllegalArgumentException("the signing key is not validator " + self + "'s");
        }
        this.codec = codec;
        this.key = key;
        this.self = self;
        this.publicKeys = publicKeys.stream().map(byte[]::clone).toList();
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        if (message.replica() != self) {
            throw new IllegalStateException("validator " + self + " asked to sign as " + message.replica());
        }
        return Bytes.wrap(key.sign(SignatureDomain.CONSENSUS, codec.signedBytes(message)));
    }

    @Override
    public boolean verify(ConsensusMessage message, Bytes signature) {
        int signer = message.replica();
        if (signer < 0 || signer >= publicKeys.size()) {
            return false;
        }
        CryptoSuite suite = key.suite();
        return suite.verify(publicKeys.get(signer), SignatureDomain.CONSENSUS, codec.signedBytes(message), signature.toArray());
    }
}
