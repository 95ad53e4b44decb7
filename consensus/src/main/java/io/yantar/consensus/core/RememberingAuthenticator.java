package io.yantar.consensus.core;

import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.ViewChange;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Verifies a signature once: a copy of a vote already verified (retransmitted while a replica
 * waits, relayed inside a commit certificate, a checkpoint proof or a VIEW-CHANGE) is accepted
 * without a second verification. A stalled consortium retransmits its window every interval, and
 * each copy used to be verified again by every peer: in a stall under load, consensus signatures
 * took as much CPU as the payments' own, which made the stall last. Only identical pairs of
 * message and signature match, so the verdict is the one the keys gave. VIEW-CHANGEs and
 * NEW-VIEWs are not kept (large, rare; the votes inside them are). The most recent
 * {@code capacity} verified votes are kept; one instance serves one epoch's set.
 */
final class RememberingAuthenticator implements Authenticator {
    private final Authenticator delegate;
    private final int capacity;
    private final Map<Verified, Boolean> verified;

    private record Verified(ConsensusMessage message, Bytes signature) {
    }

    RememberingAuthenticator(Authenticator delegate, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.delegate = delegate;
        this.capacity = capacity;
        this.verified = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Verified, Boolean> eldest) {
                return size() > RememberingAuthenticator.this.capacity;
            }
        };
    }

    /** Enough for every vote of a full window (a PRE-PREPARE and each member's PREPARE, COMMIT and CHECKPOINT), four times over. */
    static int capacityFor(Config config, ValidatorSet validators) {
        return config.watermarkWindow() * (3 * validators.size() + 1) * 4;
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        return delegate.sign(message);
    }

    @Override
    public synchronized boolean verify(ConsensusMessage message, Bytes signature) {
        if (message instanceof ViewChange || message instanceof NewView || message == null || signature == null) {
            return delegate.verify(message, signature);
        }
        Verified pair = new Verified(message, signature);
        if (verified.get(pair) != null) {
            return true;
        }
        boolean valid = delegate.verify(message, signature);
        if (valid) {
            verified.put(pair, Boolean.TRUE);
        }
        return valid;
    }

    @Override
    public Authenticator forEpoch(ValidatorSet validators) {
        return new RememberingAuthenticator(delegate.forEpoch(validators), capacity);
    }

    @Override
    public boolean holdsMemberKey() {
        return delegate.holdsMemberKey();
    }
}
