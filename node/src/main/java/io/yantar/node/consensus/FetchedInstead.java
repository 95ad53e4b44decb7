package io.yantar.node.consensus;

import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.Vote;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Recognises the ordering traffic a node fetching blocks far behind the cluster has no use for:
 * PRE-PREPAREs, PREPAREs and COMMITs of heights more than a watermark window above what its
 * ledger holds, and forwarded client requests while the cluster's stable checkpoint is that far
 * ahead. The blocks of those heights come by state transfer with their commit certificates; checking
 * every payment signature of their proposals and every vote meanwhile took 39 % of a catching-up
 * node's CPU (BENCHMARKS, run AO5), beside a third for the transfer itself. Dropping them is what a
 * lossy link does, which the protocol tolerates: within a window of the ledger's tip everything is
 * accepted again, so the node joins ordering before it has caught up, and stalled peers re-send
 * what they still need. CHECKPOINTs, VIEW-CHANGEs and NEW-VIEWs always pass: the first move the
 * transfer's target on, the others keep the node in the cluster's view. The same measure of "far
 * behind" decides readiness.
 */
final class FetchedInstead {
    private final BooleanSupplier catchingUp;
    private final LongSupplier ledgerHeight;
    private final LongSupplier transferTarget;
    private final long window;

    FetchedInstead(BooleanSupplier catchingUp, LongSupplier ledgerHeight, LongSupplier transferTarget, long window) {
        if (window < 1) {
            throw new IllegalArgumentException("the window must be at least one height, not " + window);
        }
        this.catchingUp = catchingUp;
        this.ledgerHeight = ledgerHeight;
        this.transferTarget = transferTarget;
        this.window = window;
    }

    /**
     * Whether this node fetches blocks more than a window beyond its ledger. A node fetching the
     * few blocks it fell behind in a pause (a collection, with a checkpoint at every height) is
     * as current as its peers a moment later, so readiness asks this rather than whether it fetches.
     */
    boolean farBehind() {
        return catchingUp.getAsBoolean() && transferTarget.getAsLong() > horizon();
    }

    /** Whether {@code message} orders heights this node will fetch instead (so it can be dropped unchecked). */
    boolean covers(PeerMessage message) {
        if (!catchingUp.getAsBoolean()) {
            return false;
        }
        if (message instanceof ForwardedRequests) {
            return farBehind();
        }
        Signed signed = message instanceof ProposalMessage proposal ? proposal.prePrepare() : message instanceof Signed s ? s : null;
        return signed != null && signed.message() instanceof Vote vote && vote.height() > horizon();
    }

    /** The highest height this node orders while it fetches: a window above what its ledger holds. */
    private long horizon() {
        return ledgerHeight.getAsLong() + window;
    }
}
