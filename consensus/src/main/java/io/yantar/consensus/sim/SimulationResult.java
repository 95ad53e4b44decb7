package io.yantar.consensus.sim;

import io.yantar.consensus.core.RejectReason;
import java.util.List;
import java.util.Map;

/** The verdict on one seed; {@code honestRejections} counts what honest replicas refused, by reason. */
public record SimulationResult(long seed, String faults, List<String> safetyViolations, String livenessFailure, long events,
                               long simulatedMillis, int committedHeights, long highestView,
                               Map<RejectReason, Long> honestRejections) {
    public boolean safe() {
        return safetyViolations.isEmpty();
    }

    public boolean live() {
        return livenessFailure == null;
    }

    public boolean passed() {
        return safe() && live();
    }
}
