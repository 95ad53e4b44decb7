package io.yantar.ledger.epoch;

import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The validator set of every epoch, from the genesis set (epoch 0) on: which set decides a
 * height, and which set signed an epoch's certificates. Immutable; {@link #with} returns a
 * new history. Epochs are numbered consecutively and start at increasing heights.
 */
public final class ValidatorHistory {
    private final List<ValidatorSet> epochs;

    private ValidatorHistory(List<ValidatorSet> epochs) {
        this.epochs = epochs;
    }

    public static ValidatorHistory ofGenesis(ValidatorSet genesisSet) {
        return new ValidatorHistory(List.of(genesisSet));
    }

    /** The genesis set followed by {@code later} (epochs 1, 2, ...), checked for order. */
    public static ValidatorHistory of(ValidatorSet genesisSet, List<ValidatorSet> later) {
        ValidatorHistory history = ofGenesis(genesisSet);
        for (ValidatorSet next : later) {
            history = history.with(next);
        }
        return history;
    }

    /**
     * This history with {@code next} as its last epoch: appended when it is the following
     * epoch, or replacing the last one when it is the same epoch with the same start (changes
     * approved for one boundary are merged into one set).
     *
     * @throws IllegalArgumentException when {@code next} neither follows nor revises the last epoch
     */
    public ValidatorHistory with(ValidatorSet next) {
        ValidatorSet last = latest();
        List<ValidatorSet> updated = new ArrayList<>(epochs);
        if (next.getEpoch() == last.getEpoch() && next.getStartHeight() == last.getStartHeight() && epochs.size() > 1) {
            updated.set(updated.size() - 1, next);
        } else if (next.getEpoch() == last.getEpoch() + 1 && next.getStartHeight() > last.getStartHeight()) {
            updated.add(next);
        } else {
            throw new IllegalArgumentException("epoch " + next.getEpoch() + " starting at height " + next.getStartHeight()
                    + " does not follow epoch " + last.getEpoch() + " starting at " + last.getStartHeight());
        }
        return new ValidatorHistory(Collections.unmodifiableList(updated));
    }

    public ValidatorSet genesis() {
        return epochs.get(0);
    }

    /** The last epoch known: the one in force, or the next one when it is scheduled. */
    public ValidatorSet latest() {
        return epochs.get(epochs.size() - 1);
    }

    /** Every epoch, the genesis one first. */
    public List<ValidatorSet> epochs() {
        return epochs;
    }

    /** The epochs after the genesis one. */
    public List<ValidatorSet> later() {
        return epochs.subList(1, epochs.size());
    }

    /** The set that decides {@code height} (heights below the genesis start belong to the genesis set). */
    public ValidatorSet setAt(long height) {
        for (int i = epochs.size() - 1; i > 0; i--) {
            if (Long.compareUnsigned(height, epochs.get(i).getStartHeight()) >= 0) {
                return epochs.get(i);
            }
        }
        return epochs.get(0);
    }

    /** The set of {@code epoch}, if this history reaches it. */
    public Optional<ValidatorSet> ofEpoch(long epoch) {
        long first = genesis().getEpoch();
        if (epoch < first || epoch - first >= epochs.size()) {
            return Optional.empty();
        }
        return Optional.of(epochs.get((int) (epoch - first)));
    }

    /** The epoch that starts at {@code height}, if one does. */
    public Optional<ValidatorSet> startingAt(long height) {
        return later().stream().filter(set -> set.getStartHeight() == height).findFirst();
    }
}
