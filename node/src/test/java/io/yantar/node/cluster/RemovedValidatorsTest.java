package io.yantar.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.ValidatorSet;
import java.util.List;
import java.util.Map;
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

    @Test
    void aReplacedMachineIsKnownByTheAddressItsIdNoLongerHas() {
        // node-3's machine moves from port 3 to port 33 in epoch 2 (a replace-key); node-6 joins in epoch 2
        Map<Long, Map<String, String>> addresses = Map.of(
                0L, Map.of("node-1", "h:1", "node-2", "h:2", "node-3", "h:3", "node-4", "h:4", "node-5", "h:5"),
                1L, Map.of("node-1", "h:1", "node-2", "h:2", "node-3", "h:3", "node-4", "h:4"),
                2L, Map.of("node-1", "h:1", "node-2", "h:2", "node-3", "h:33", "node-4", "h:4", "node-6", "h:6"),
                3L, Map.of("node-2", "h:2", "node-3", "h:33", "node-4", "h:4", "node-6", "h:6"));
        EpochHistory history = EpochHistory.of(List.of(GENESIS, WITHOUT_5, WITH_6, WITHOUT_1));
        for (ValidatorSet before : List.of(GENESIS, WITHOUT_5)) {
            assertEquals(Map.of(), RemovedValidators.replacedMachineAddresses(history, before, set -> addresses.get(set.epoch())),
                    "before its epoch the new machine (h:33) observes and the old one votes: " + before);
        }
        for (ValidatorSet after : List.of(WITH_6, WITHOUT_1)) {
            assertEquals(Map.of("node-3", Set.of("h:3")),
                    RemovedValidators.replacedMachineAddresses(history, after, set -> addresses.get(set.epoch())),
                    "from its epoch on, node-3 at h:3 is the replaced machine; removed node-1 and node-5 are not replaced: " + after);
        }
        Map<Long, Map<String, String>> sameAddress = Map.of(0L, addresses.get(0L), 1L, addresses.get(1L),
                2L, addresses.get(1L), 3L, addresses.get(1L));
        assertEquals(Map.of(), RemovedValidators.replacedMachineAddresses(history, WITH_6, set -> sameAddress.get(set.epoch())),
                "a new key at the same address: nothing to tell apart");
    }

    @Test
    void aProcessLeavesOnlyARemovalItTakesPartIn() {
        assertEquals(true, RemovedValidators.leavesOnRemoval(true, true, false), "a running validator orders the epoch that removes it");
        assertEquals(true, RemovedValidators.leavesOnRemoval(true, false, false), "a restarted validator, removed after its start");
        assertEquals(true, RemovedValidators.leavesOnRemoval(true, true, true),
                "a validator that voted in the epoch before, then fell behind and fetched its removal");
        assertEquals(false, RemovedValidators.leavesOnRemoval(null, false, false), "started after its removal: its first epoch");
        assertEquals(false, RemovedValidators.leavesOnRemoval(null, false, true), "started after its removal, from scratch");
        assertEquals(false, RemovedValidators.leavesOnRemoval(true, false, true),
                "started again from scratch, fetching the history through the epoch that removed it (it voted in none)");
        assertEquals(false, RemovedValidators.leavesOnRemoval(false, true, false), "already not a validator: an observer");
    }

    @Test
    void onlyATransitionThisProcessOrderedMakesTheValidatorsDownWhoStayed() {
        assertEquals(true, RemovedValidators.sawTransition(2, 1, true, false), "ordered from epoch 1 into 2");
        assertEquals(false, RemovedValidators.sawTransition(2, 2, true, false), "epoch 2 reported again after a replica restart");
        assertEquals(false, RemovedValidators.sawTransition(2, -1, false, false), "the first epoch after this process started");
        assertEquals(false, RemovedValidators.sawTransition(2, 1, true, true), "reached by fetching history");
    }
}
