package io.yantar.consensus.sim;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.ConsensusMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A cheap deterministic stand-in for Ed25519: a signature is a keyed 64-bit hash of the
 * message's content under the signer's secret. Byzantine strategies get only their own
 * replica's authenticator and never read the secrets, so they cannot sign for an honest replica.
 * Secrets belong to member ids ({@code replica-i} has secret {@code i}), so sets of later epochs
 * (other members, other positions) verify with the same secrets.
 */
public final class FakeAuthenticator implements Authenticator {
    private final Map<String, Long> secrets;
    private final List<String> members;
    private final String selfId;
    private final int self;

    private FakeAuthenticator(Map<String, Long> secrets, List<String> members, String selfId) {
        this.secrets = secrets;
        this.members = members;
        this.selfId = selfId;
        this.self = members.indexOf(selfId);
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

    /** Replica {@code self} of the set {@code replica-0 .. replica-(n-1)}, n the number of secrets. */
    public static FakeAuthenticator forReplica(long[] secrets, int self) {
        return forMember(ValidatorSet.ofSize(secrets.length).members(), secrets, self);
    }

    /** Member {@code self} of {@code members}, member i holding {@code secrets[i]}. */
    public static FakeAuthenticator forMember(List<String> members, long[] secrets, int self) {
        Map<String, Long> byId = new HashMap<>();
        for (int i = 0; i < secrets.length; i++) {
            byId.put(members.get(i), secrets[i]);
        }
        return new FakeAuthenticator(Map.copyOf(byId), List.copyOf(members), members.get(self));
    }

    @Override
    public FakeAuthenticator forEpoch(ValidatorSet validators) {
        return new FakeAuthenticator(secrets, validators.members(), selfId);
    }

    @Override
    public boolean holdsMemberKey() {
        return self >= 0;
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        if (self < 0 || message.replica() != self) {
            throw new IllegalStateException(selfId + " (position " + self + ") asked to sign as " + message.replica());
        }
        return Bytes.ofLong(mac(self, message));
    }

    @Override
    public boolean verify(ConsensusMessage message, Bytes signature) {
        int signer = message.replica();
        return signer >= 0 && signer < members.size() && secrets.containsKey(members.get(signer)) && signature.length() == 8
                && signature.prefixLong() == mac(signer, message);
    }

    private long mac(int signer, ConsensusMessage message) {
        return Hash64.mix(secrets.get(members.get(signer)) ^ Hash64.mix(ContentHash.of(message) + signer));
    }
}
