package io.yantar.consensus.sim;

import java.util.List;

/** The verdict on one seed. */
public record SimulationResult(long seed, String faults, List<String> safetyViolations, String livenessFailure, long events,
                               long simulatedMillis, int committedHeights, long highestView) {
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
