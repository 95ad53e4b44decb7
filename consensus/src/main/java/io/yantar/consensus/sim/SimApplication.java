package io.yantar.consensus.sim;

import io.yantar.consensus.core.Application;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.RequestCheck;
import io.yantar.consensus.core.RequestKey;
import io.yantar.consensus.core.message.Proposal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulator's stand-in for the ledger at one node: checks request tags, hashes proposals,
 * executes committed blocks (skipping already executed requests) into a running state hash, and
 * keeps the chain (its block store, which survives crashes) for state transfer and the checkers.
 */
final class SimApplication implements Application {
    private final SimRequests requests;
    private final boolean keepChain;
    private final Set<Long> executed = new HashSet<>();
    private final List<CommittedBlock> chain = new ArrayList<>();
    private final List<Bytes> stateDigests = new ArrayList<>();
    private long height;
    private long state;
    private long executedRequests;
    private final java.util.function.ObjLongConsumer<Integer> onExecuted;

    /** {@code onExecuted} hears (position, request id) of each request executed for the first time here. */
    SimApplication(SimRequests requests, boolean keepChain, java.util.function.ObjLongConsumer<Integer> onExecuted) {
        this.requests = requests;
        this.keepChain = keepChain;
        this.onExecuted = onExecuted;
    }

    @Override
    public RequestCheck check(Bytes payload) {
        long id = requests.idOf(payload);
        return id < 0 ? new RequestCheck.Rejected("bad request tag") : new RequestCheck.Accepted(new RequestKey(Bytes.ofLong(id)));
    }

    @Override
    public Bytes digest(Proposal proposal) {
        return digestOf(proposal);
    }

    static Bytes digestOf(Proposal proposal) {
        Hash64 first = new Hash64(0xD16E57L);
        Hash64 second = new Hash64(0xB10C4L);
        for (Hash64 hash : new Hash64[] {first, second}) {
            hash.add(proposal.height()).add(proposal.view()).add(proposal.proposer()).add(proposal.timestampMillis())
                    .add(proposal.nullBlock()).add(proposal.payloads().size());
        }
        for (Bytes payload : proposal.payloads()) {
            first.add(payload);
            second.add(payload.prefixLong()).add(payload.length());
        }
        byte[] out = new byte[16];
        long a = first.value();
        long b = second.value();
        for (int i = 0; i < 8; i++) {
            out[i] = (byte) (a >>> (56 - 8 * i));
            out[8 + i] = (byte) (b >>> (56 - 8 * i));
        }
        return Bytes.wrap(out);
    }

    @Override
    public boolean alreadyExecuted(RequestKey key) {
        return executed.contains(key.value().prefixLong());
    }

    /** Executes the next block; returns the block hash (the state digest the replica checkpoints). */
    Bytes execute(CommittedBlock block) {
        if (block.height() != height + 1) {
            throw new IllegalStateException("executing height " + block.height() + " after " + height);
        }
        for (Bytes payload : block.proposal().payloads()) {
            long id = requests.idOf(payload);
            if (id >= 0 && executed.add(id)) {
                onExecuted.accept((int) executedRequests, id);
                executedRequests++;
            }
        }
        state = Hash64.mix(state * 31 + block.certificate().digest().prefixLong());
        height = block.height();
        Bytes digest = Bytes.ofLong(state);
        if (keepChain) {
            chain.add(block);
            stateDigests.add(digest);
        }
        return digest;
    }

    long height() {
        return height;
    }

    Bytes stateDigestAt(long atHeight) {
        return stateDigests.get((int) atHeight - 1);
    }

    CommittedBlock blockAt(long atHeight) {
        return chain.get((int) atHeight - 1);
    }

    boolean hasExecuted(long requestId) {
        return executed.contains(requestId);
    }

    long executedRequests() {
        return executedRequests;
    }
}
