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
 * <p>Public keys belong to member ids, so one key table serves every epoch: {@link #forEpoch}
 * binds it to a set's positions. The node adds the keys of validators a scheduled epoch brings
 * ({@link #learn}) before it hands the epoch to the core.
 */
public final class SuiteAuthenticator implements Authenticator {
    private final ProtoCodec codec;
    private final SigningKey key;
    private final String selfId;
    private final Map<String, byte[]> publicKeys;
    private final List<String> members;
    private final int self;

    /** {@code publicKeys} in the order of {@code ValidatorSet.ofSize(n)} ({@code replica-i}); for tests and the simulator. */
    public SuiteAuthenticator(ProtoCodec codec, SigningKey key, int self, List<byte[]> publicKeys) {
        this(codec, key, ValidatorSet.ofSize(publicKeys.size()), "replica-" + self, byIndex(publicKeys));
    }

    /** {@code key} must be {@code selfId}'s key in {@code publicKeys}; positions are those of {@code validators}. */
    public SuiteAuthenticator(ProtoCodec codec, SigningKey key, ValidatorSet validators, String selfId, Map<String, byte[]> publicKeys) {
        this(codec, key, selfId, new ConcurrentHashMap<>(), validators.members());
        publicKeys.forEach(this::learn);
        byte[] own = this.publicKeys.get(selfId);
        if (own == null || !Arrays.equals(own, key.publicKey())) {
            throw new IllegalArgumentException("the signing key is not validator " + selfId + "'s");
        }
    }

    private SuiteAuthenticator(ProtoCodec codec, SigningKey key, String selfId, Map<String, byte[]> publicKeys, List<String> members) {
        this.codec = codec;
        this.key = key;
        this.selfId = selfId;
        this.publicKeys = publicKeys;
        this.members = List.copyOf(members);
        this.self = members.indexOf(selfId);
    }

    private static Map<String, byte[]> byIndex(List<byte[]> publicKeys) {
        Map<String, byte[]> out = new java.util.HashMap<>();
        for (int i = 0; i < publicKeys.size(); i++) {
            out.put("replica-" + i, publicKeys.get(i));
        }
        return out;
    }

    /** Adds (or confirms) a validator's public key; a different key for a known id is refused. */
    public void learn(String memberId, byte[] publicKey) {
        byte[] known = publicKeys.putIfAbsent(memberId, publicKey.clone());
        if (known != null && !Arrays.equals(known, publicKey)) {
            throw new IllegalArgumentException("validator " + memberId + " already has another key");
        }
    }

    @Override
    public SuiteAuthenticator forEpoch(ValidatorSet validators) {
        return new SuiteAuthenticator(codec, key, selfId, publicKeys, validators.members());
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
        byte[] publicKey = publicKeys.get(members.get(signer));
        if (publicKey == null) {
            return false;
        }
        CryptoSuite suite = key.suite();
        return suite.verify(publicKey, SignatureDomain.CONSENSUS, codec.signedBytes(message), signature.toArray());
    }
}
