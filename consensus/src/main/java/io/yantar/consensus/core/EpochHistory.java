package io.yantar.consensus.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The validator sets of a chain by epoch, from the genesis set on: epoch {@code e + 1} starts at a
 * higher height than epoch {@code e}. Immutable; {@link #with} returns a longer history.
 */
public final class EpochHistory {
    private final List<ValidatorSet> epochs;

    private EpochHistory(List<ValidatorSet> epochs) {
        this.epochs = List.copyOf(epochs);
    }

    public static EpochHistory of(ValidatorSet genesis) {
        return new EpochHistory(List.of(genesis));
    }

    public static EpochHistory of(List<ValidatorSet> sets) {
        EpochHistory history = of(sets.get(0));
        for (ValidatorSet next : sets.subList(1, sets.size())) {
            history = history.with(next);
        }
        return history;
    }

    /**
     * This history with {@code next} appended; the same history when {@code next} is already known.
     * Throws when {@code next} contradicts a known epoch or skips one (a node bug, not peer input).
     */
    public EpochHistory with(ValidatorSet next) {
        Optional<ValidatorSet> known = ofEpoch(next.epoch());
        if (known.isPresent()) {
            if (!known.get().equals(next)) {
                throw new IllegalStateException("epoch " + next.epoch() + " is already " + known.get() + ", not " + next);
            }
            return this;
        }
        ValidatorSet last = latest();
        if (next.epoch() != last.epoch() + 1 || next.startHeight() <= last.startHeight()) {
            throw new IllegalStateException("epoch " + next + " does not follow " + last);
        }
        List<ValidatorSet> longer = new ArrayList<>(epochs);
        longer.add(next);
        return new EpochHistory(longer);
    }

    public ValidatorSet genesis() {
        return epochs.get(0);
    }

    public ValidatorSet latest() {
        return epochs.get(epochs.size() - 1);
    }

    public Optional<ValidatorSet> ofEpoch(long epoch) {
        long index = epoch - genesis().epoch();
        return index < 0 || index >= epochs.size() ? Optional.empty() : Optional.of(epochs.get((int) index));
    }

    /** The set that orders {@code height}. */
    public ValidatorSet at(long height) {
        ValidatorSet found = genesis();
        for (ValidatorSet set : epochs) {
            if (set.startHeight() <= height) {
                found = set;
            }
        }
        return found;
    }
}
