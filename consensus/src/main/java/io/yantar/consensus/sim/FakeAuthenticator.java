package io.yantar.consensus.sim;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.ConsensusMessage;

/**
 * A cheap deterministic stand-in for Ed25519: a signature is a keyed 64-bit hash of the
 * message's content under the signer's secret. Byzantine strategies get only their own
 * replica's authenticator and never read the secrets, so they cannot sign for an honest replica.
 */
public final class FakeAuthenticator implements Authenticator {
    private final long[] secrets;
    private final int self;

    FakeAuthenticator(long[] secrets, int self) {
        this.secrets = secrets;
        this.self = self;
    }

    /** One secret per replica, drawn from {@code seed}. */
    public static long[] secrets(int replicas, long seed) {
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed ^ 0x5EC2E7L);
        long[] out = new long[replicas];
        for (int i = 0; i < replicas; i++) {
            out[i] = random.nextLong();
        }
        return out;
    }

    public static FakeAuthenticator forReplica(long[] secrets, int self) {
        return new FakeAuthenticator(secrets, self);
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        if (message.replica() != self) {
            throw new IllegalStateException("replica " + self + " asked to sign as " + message.replica());
        }
        return Bytes.ofLong(mac(self, message));
    }

    @Override
    public boolean verify(ConsensusMessage message, Bytes signature) {
        int signer = message.replica();
        return signer >= 0 && signer < secrets.length && signature.length() == 8 && signature.prefixLong() == mac(signer, message);
    }

    private long mac(int signer, ConsensusMessage message) {
        return Hash64.mix(secrets[signer] ^ Hash64.mix(ContentHash.of(message) + signer));
    }
}
