package io.yantar.node.consensus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.ValidatorSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The transport follows the current set and, once scheduled, the next one; positions are the current set's. */
class PeerDirectoryTest {
    private static final ValidatorSet GENESIS = new ValidatorSet(0, 1, List.of("node-1", "node-2", "node-3", "node-4"));
    private static final ValidatorSet GROWN = new ValidatorSet(1, 18, List.of("node-1", "node-2", "node-3", "node-4", "node-5"));
    private static final ValidatorSet SHRUNK = new ValidatorSet(2, 35, List.of("node-2", "node-3", "node-4", "node-5"));

    @Test
    void aroundABoundaryMessagesGoToAndComeFromTheMembersOfBothSets() {
        PeerDirectory directory = PeerDirectory.of("node-1", GENESIS);
        assertEquals(List.of("node-2", "node-3", "node-4"), directory.peers());
        assertFalse(directory.accepts("node-5"), "a stranger before its epoch is scheduled");

        directory = directory.with(GROWN, false);
        assertEquals(List.of("node-2", "node-3", "node-4", "node-5"), directory.peers(), "the new member hears the boundary");
        assertTrue(directory.accepts("node-5"));
        assertEquals(GENESIS, directory.current(), "scheduled is not entered: positions stay the genesis set's");
        assertEquals(Optional.of("node-4"), directory.at(3));
        assertEquals(Optional.empty(), directory.at(4));

        directory = directory.with(GROWN, true);
        assertEquals(Optional.of("node-5"), directory.at(4));
        assertEquals(Optional.of("node-4"), directory.at(0, 3), "a certificate's signer is found in its own epoch's set");
    }

    @Test
    void aRemovedNodeIsDroppedOnceTheEpochWithoutItIsEntered() {
        PeerDirectory directory = PeerDirectory.of("node-2", GROWN).with(SHRUNK, false);
        assertTrue(directory.accepts("node-1"), "still a member until the boundary");
        directory = directory.with(SHRUNK, true);
        assertFalse(directory.accepts("node-1"));
        assertEquals(List.of("node-3", "node-4", "node-5"), directory.peers());
    }

    @Test
    void anObserverTalksToTheSetItFollows() {
        PeerDirectory observer = PeerDirectory.of("node-5", GENESIS);
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"), observer.peers());
        assertEquals(-1, observer.current().indexOf("node-5"));
    }
}
