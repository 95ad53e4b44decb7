package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.RequestCheck;
import io.yantar.consensus.core.RequestKey;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.ledger.block.ProposalDigests;
import io.yantar.ledger.tx.Validation;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ledger as the consensus core sees it: a stateless check per request (signature
 * included, cached), the proposal digest the ledger defines, and whether a request was
 * executed. A request is identified by (sender address, nonce): the ledger accepts each
 * nonce once, so this is exactly "the same payment".
 */
final class LedgerApplication implements Application {
    private final CachingPayloadValidator validator;
    private final ProposalDigests digests;
    private final ProtoCodec codec;
    /** Next unused nonce per sender address, advanced by the ledger actor after each block. */
    private final Map<ByteString, Long> nextNonces = new ConcurrentHashMap<>();

    private final NonceGate gate;
    /** Hands transactions the gate released to the replica; set once the replica runs. */
    private volatile java.util.function.Consumer<List<ByteString>> releaser = released -> { };

    LedgerApplication(CachingPayloadValidator validator, ProposalDigests digests, ProtoCodec codec, NonceGate gate) {
        this.validator = validator;
        this.digests = digests;
        this.codec = codec;
        this.gate = gate;
    }

    @Override
    public RequestCheck check(Bytes payload) {
        Validation verdict = validator.validate(ByteString.copyFrom(payload.toArray()));
        if (verdict instanceof Validation.Valid valid) {
            return new RequestCheck.Accepted(requestKey(valid.transaction().sender().bytes(),
                    valid.transaction().transaction().getNonce()));
        }
        Validation.Invalid invalid = (Validation.Invalid) verdict;
        return new RequestCheck.Rejected(invalid.reason().name() + ": " + invalid.detail());
    }

    @Override
    public Bytes digest(Proposal proposal) {
        return Bytes.wrap(digests.digest(codec.toProto(proposal)));
    }

    @Override
    public boolean alreadyExecuted(RequestKey key) {
        byte[] bytes = key.value().toArray();
        ByteString address = ByteString.copyFrom(bytes, 0, bytes.length - Long.BYTES);
        long nonce = ByteBuffer.wrap(bytes, bytes.length - Long.BYTES, Long.BYTES).getLong();
        return executed(address, nonce);
    }

    @Override
    public boolean replaysExecutedRequest(Bytes payload) {
        return validator.claimedOrigin(UnsafeByteOperations.unsafeWrap(payload.toArray()))
                .map(origin -> executed(origin.sender().bytes(), origin.nonce()))
                .orElse(false);
    }

    private boolean executed(ByteString address, long nonce) {
        return nonce < nextNonce(address);
    }

    long nextNonce(ByteString address) {
        return nextNonces.getOrDefault(address, 0L);
    }

    void nonceAdvanced(ByteString address, long nextNonce) {
        nextNonces.merge(address, nextNonce, Math::max);
        synchronized (gate) { // released and handed on in one step, as admission does: the replica sees nonce order
            List<ByteString> unblocked = gate.executed(address, nextNonce);
            if (!unblocked.isEmpty()) {
                releaser.accept(unblocked);
            }
        }
    }

    /** A block refused this payload NONCE_AHEAD: it goes to consensus again once its earlier nonces executed. */
    void orderAgain(ByteString address, long nonce, ByteString payload) {
        synchronized (gate) {
            List<ByteString> released = gate.requeue(address, nonce, nextNonce(address), payload);
            if (!released.isEmpty()) {
                releaser.accept(released);
            }
        }
    }

    void releaseTo(java.util.function.Consumer<List<ByteString>> releaser) {
        this.releaser = releaser;
    }

    static RequestKey requestKey(ByteString address, long nonce) {
        byte[] key = new byte[address.size() + Long.BYTES];
        address.copyTo(key, 0);
        ByteBuffer.wrap(key, address.size(), Long.BYTES).putLong(nonce);
        return new RequestKey(Bytes.wrap(key));
    }
}
