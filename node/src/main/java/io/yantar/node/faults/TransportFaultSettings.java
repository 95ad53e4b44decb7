package io.yantar.node.faults;

import java.time.Duration;

/**
 * The fault layer of a node's own peer transport (test only: {@code yantar.test.transport-faults}):
 * each consensus message to a peer is dropped with {@code dropProbability}, sent twice with
 * {@code duplicateProbability}, and each copy held back by up to {@code delayMax} with
 * {@code delayProbability}; held-back copies overtake nothing, so later messages overtake them
 * (reordering). Decisions come from {@code seed} (mixed with the node's index), so a run replays.
 */
public record TransportFaultSettings(long seed, double dropProbability, double duplicateProbability, double delayProbability,
                                     Duration delayMax) {
    public TransportFaultSettings {
        requireProbability("drop", dropProbability);
        requireProbability("duplicate", duplicateProbability);
        requireProbability("delay-probability", delayProbability);
        if (delayMax.isNegative() || delayMax.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("delay-max must be between 0 and 1 minute, not " + delayMax);
        }
    }

    private static void requireProbability(String name, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(name + " must be a probability between 0 and 1, not " + value);
        }
    }
}
