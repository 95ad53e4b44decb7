package io.yantar.consensus.core;

import io.yantar.consensus.core.message.Signed;
import java.util.List;

/** 2f+1 signed CHECKPOINTs for (height, state digest): the execution result at that height is certified. */
public record CheckpointCertificate(long epoch, long height, Bytes stateDigest, List<Signed> checkpoints) {
    public CheckpointCertificate {
        checkpoints = List.copyOf(checkpoints);
    }
}
