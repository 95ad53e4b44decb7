package io.yantar.consensus.wire;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.SignatureDomain;
import io.yantar.crypto.SigningKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The production {@link Authenticator}: the genesis's crypto suite in the CONSENSUS domain over
 * the canonical bytes of the message's {@code ConsensusMessage} proto. These are exactly the bytes
 * the ledger's certificate verifier rebuilds from a compact commit or checkpoint certificate.
 *
 * <p>Public keys belong to member ids from an epoch on (a replaced machine keeps its node id and
 * gets a new key), so one key table serves every epoch: {@link #forEpoch} binds it to a set's
 * positions and to the keys in force in that epoch. The node adds the keys a scheduled epoch
 * brings ({@link #learn}) before it hands the epoch to the core. A node whose key is not its id's
 * key in an epoch still signs with its own key there, and nobody accepts those signatures.
 */
public final class SuiteAuthenticator implements Authenticator {
    private final ProtoCodec codec;
    private final SigningKey key;
    private final String selfId;
    /** Member id -> (first epoch -> key). */
    private final Map<String, java.util.NavigableMap<Long, byte[]>> publicKeys;
    private final List<String> members;
    private final long epoch;
    private final int self;

    /** {@code publicKeys} in the order of {@code ValidatorSet.ofSize(n)} ({@code replica-i}); for tests and the simulator. */
    public SuiteAuthenticator(ProtoCodec codec, SigningKey key, int self, List<byte[]> publicKeys) {
        this(codec, key, ValidatorSet.ofSize(publicKeys.size()), "replica-" + self, byIndex(publicKeys));
    }

    /**
     * Positions are those of {@code validators}. When {@code key} is not {@code selfId}'s key there
     * (an observer, or the new machine of a validator whose key is being replaced), this node signs
     * nothing in that epoch ({@link #holdsMemberKey}); the node's start-up checks say which is allowed.
     */
    public SuiteAuthenticator(ProtoCodec codec, SigningKey key, ValidatorSet validators, String selfId, Map<String, byte[]> publicKeys) {
        this(codec, key, selfId, new ConcurrentHashMap<>(), validators.members(), validators.epoch());
        publicKeys.forEach((id, publicKey) -> learn(validators.epoch(), id, publicKey));
    }

    private SuiteAuthenticator(ProtoCodec codec, SigningKey key, String selfId, Map<String, java.util.NavigableMap<Long, byte[]>> publicKeys,
                               List<String> members, long epoch) {
        this.codec = codec;
        this.key = key;
        this.selfId = selfId;
        this.publicKeys = publicKeys;
        this.members = List.copyOf(members);
        this.epoch = epoch;
        this.self = members.indexOf(selfId);
    }

    private static Map<String, byte[]> byIndex(List<byte[]> publicKeys) {
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (int i = 0; i < publicKeys.size(); i++) {
            out.put("replica-" + i, publicKeys.get(i));
        }
        return out;
    }

    /** {@code memberId}'s public key from {@code fromEpoch} on (until a later epoch gives it another). */
    public void learn(long fromEpoch, String memberId, byte[] publicKey) {
        java.util.NavigableMap<Long, byte[]> keys = publicKeys.computeIfAbsent(memberId,
                id -> new java.util.concurrent.ConcurrentSkipListMap<>());
        byte[] before = keyOf(memberId, fromEpoch);
        if (before == null || !Arrays.equals(before, publicKey)) {
            keys.put(fromEpoch, publicKey.clone());
        }
    }

    private byte[] keyOf(String memberId, long inEpoch) {
        java.util.NavigableMap<Long, byte[]> keys = publicKeys.get(memberId);
        Map.Entry<Long, byte[]> entry = keys == null ? null : keys.floorEntry(inEpoch);
        return entry == null ? null : entry.getValue();
    }

    @Override
    public SuiteAuthenticator forEpoch(ValidatorSet validators) {
        return new SuiteAuthenticator(codec, key, selfId, publicKeys, validators.members(), validators.epoch());
    }

    @Override
    public boolean holdsMemberKey() {
        return self >= 0 && Arrays.equals(keyOf(selfId, epoch), key.publicKey());
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        if (self < 0 || message.replica() != self) {
            throw new IllegalStateException("validator " + selfId + " (position " + self + ") asked to sign as " + message.replica());
        }
        return Bytes.wrap(key.sign(SignatureDomain.CONSENSUS, codec.signedBytes(message)));
    }

    @Override
    public boolean verify(ConsensusMessage message, Bytes signature) {
        int signer = message.replica();
        if (signer < 0 || signer >= members.size()) {
            return false;
        }
        byte[] publicKey = keyOf(members.get(signer), epoch);
        if (publicKey == null) {
            return false;
        }
        CryptoSuite suite = key.suite();
        return suite.verify(publicKey, SignatureDomain.CONSENSUS, codec.signedBytes(message), signature.toArray());
    }
}
