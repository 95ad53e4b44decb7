package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.ValidatorSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Who counts as removed when an epoch starts: validators of earlier epochs that the current and later ones do not list. */
class RemovedValidatorsTest {
    private static final ValidatorSet GENESIS = new ValidatorSet(0, 1, List.of("node-1", "node-2", "node-3", "node-4", "node-5"));
    private static final ValidatorSet WITHOUT_5 = new ValidatorSet(1, 20, List.of("node-1", "node-2", "node-3", "node-4"));
    private static final ValidatorSet WITH_6 = new ValidatorSet(2, 40, List.of("node-1", "node-2", "node-3", "node-4", "node-6"));
    private static final ValidatorSet WITHOUT_1 = new ValidatorSet(3, 60, List.of("node-2", "node-3", "node-4", "node-6"));

    @Test
    void nobodyIsRemovedInTheGenesisEpochOrByAGrowth() {
        assertEquals(Set.of(), RemovedValidators.removedAsOf(EpochHistory.of(GENESIS), GENESIS));
        ValidatorSet four = new ValidatorSet(0, 1, WITHOUT_5.members());
        ValidatorSet five = new ValidatorSet(1, 20, WITH_6.members());
        assertEquals(Set.of(), RemovedValidators.removedAsOf(EpochHistory.of(List.of(four, five)), five));
    }

    @Test
    void aValidatorMissingFromTheEpochIsRemovedFromThenOn() {
        EpochHistory history = EpochHistory.of(List.of(GENESIS, WITHOUT_5, WITH_6, WITHOUT_1));
        assertEquals(Set.of(), RemovedValidators.removedAsOf(history, GENESIS));
        assertEquals(Set.of("node-5"), RemovedValidators.removedAsOf(history, WITHOUT_5));
        assertEquals(Set.of("node-5"), RemovedValidators.removedAsOf(history, WITH_6));
        assertEquals(Set.of("node-1", "node-5"), RemovedValidators.removedAsOf(history, WITHOUT_1));
    }

    @Test
    void aValidatorAddedBackInAScheduledEpochIsNotRemovedAndAnObserverNeverIs() {
        ValidatorSet back = new ValidatorSet(2, 40, GENESIS.members());
        EpochHistory history = EpochHistory.of(List.of(GENESIS, WITHOUT_5, back));
        assertEquals(Set.of(), RemovedValidators.removedAsOf(history, WITHOUT_5), "node-5 votes again from epoch 2");
        assertEquals(Set.of(), RemovedValidators.removedAsOf(history, back));
        // node-6 of WITH_6 before its epoch is an observer: not in any earlier epoch, so never "removed"
        assertEquals(Set.of("node-5"), RemovedValidators.removedAsOf(EpochHistory.of(List.of(GENESIS, WITHOUT_5, WITH_6)), WITHOUT_5));
    }

    @Test
    void theOldMachineOfAReplacedValidatorIsReplacedFromTheEpochOfItsNewKeyAndTheNewOneNever() {
        EpochHistory history = EpochHistory.of(List.of(GENESIS, WITHOUT_5, WITH_6, WITHOUT_1));
        Set<Long> oldMachineHolds = Set.of(0L, 1L);
        Set<Long> newMachineHolds = Set.of(2L, 3L);
        assertEquals(false, RemovedValidators.machineReplacedAsOf(history, WITHOUT_5, set -> oldMachineHolds.contains(set.epoch())));
        assertEquals(true, RemovedValidators.machineReplacedAsOf(history, WITH_6, set -> oldMachineHolds.contains(set.epoch())));
        assertEquals(true, RemovedValidators.machineReplacedAsOf(history, WITHOUT_1, set -> oldMachineHolds.contains(set.epoch())));
        for (ValidatorSet current : List.of(GENESIS, WITHOUT_5, WITH_6, WITHOUT_1)) {
            assertEquals(false, RemovedValidators.machineReplacedAsOf(history, current, set -> newMachineHolds.contains(set.epoch())),
                    "the new machine observes before its epoch, it is not replaced: " + current);
            assertEquals(false, RemovedValidators.machineReplacedAsOf(history, current, set -> false), "an auditor");
        }
    }
}
