package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;
import java.util.List;

/**
 * A replica gave up on view {@code newView - 1}: its last stable checkpoint with the 2f+1
 * CHECKPOINTs proving it, and one prepared certificate per height above it.
 */
public record ViewChange(long epoch, long newView, long stableHeight, Bytes stableDigest, List<Signed> checkpointProof,
                         List<PreparedCertificate> prepared, int replica) implements ConsensusMessage {
    public ViewChange {
        checkpointProof = List.copyOf(checkpointProof);
        prepared = List.copyOf(prepared);
    }
}
