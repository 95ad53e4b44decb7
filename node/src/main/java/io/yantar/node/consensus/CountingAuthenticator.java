package io.yantar.node.consensus;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.ConsensusMessage;

/**
 * Counts the consensus signatures a replica verifies, and samples their CPU time, beside the
 * transaction signatures the verdict cache counts: together they say how much of the node's CPU
 * the ceiling "one verification per transaction per replica" leaves to everything else.
 */
final class CountingAuthenticator implements Authenticator {
    private final Authenticator delegate;
    private final SignatureCheckMeter meter;

    CountingAuthenticator(Authenticator delegate, SignatureCheckMeter meter) {
        this.delegate = delegate;
        this.meter = meter;
    }

    @Override
    public Bytes sign(ConsensusMessage message) {
        return delegate.sign(message);
    }

    @Override
    public boolean verify(ConsensusMessage message, Bytes signature) {
        return meter.measure(() -> delegate.verify(message, signature));
    }

    @Override
    public boolean holdsMemberKey() {
        return delegate.holdsMemberKey();
    }

    @Override
    public Authenticator forEpoch(ValidatorSet validators) {
        return new CountingAuthenticator(delegate.forEpoch(validators), meter);
    }
}
