package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.yantar.consensus.core.ValidatorSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ValidatorQuorumInClusterTest {
    private static final ValidatorSet FOUR = new ValidatorSet(0, 0, List.of("node-1", "node-2", "node-3", "node-4"));

    @Test
    void aNodeAloneInAClusterOfItsOwnIsNotReady() {
        ValidatorQuorumInCluster condition = new ValidatorQuorumInCluster(() -> FOUR, () -> List.of("node-1"));
        assertEquals(Optional.of("only 1 of the 4 validators are cluster members Up (a quorum is 3)"), condition.unmetReason());
    }

    @Test
    void aQuorumOfValidatorsUpIsEnoughAndObserversDoNotCount() {
        assertEquals(Optional.empty(), new ValidatorQuorumInCluster(() -> FOUR, () -> List.of("node-1", "node-3", "node-4")).unmetReason());
        assertEquals(2 + 1, FOUR.quorum());
        Optional<String> withObservers = new ValidatorQuorumInCluster(() -> FOUR,
                () -> List.of("node-1", "node-2", "auditor-1", "auditor-2")).unmetReason();
        assertEquals(Optional.of("only 2 of the 4 validators are cluster members Up (a quorum is 3)"), withObservers);
    }

    @Test
    void theSetInForceIsReadEachTime() {
        ValidatorSet five = new ValidatorSet(1, 64, List.of("node-1", "node-2", "node-3", "node-4", "node-5"));
        ValidatorSet[] current = {FOUR};
        ValidatorQuorumInCluster condition = new ValidatorQuorumInCluster(() -> current[0], () -> List.of("node-1", "node-2", "node-3"));
        assertEquals(Optional.empty(), condition.unmetReason());
        current[0] = five;
        assertEquals(Optional.of("only 3 of the 5 validators are cluster members Up (a quorum is 4)"), condition.unmetReason());
    }
}
