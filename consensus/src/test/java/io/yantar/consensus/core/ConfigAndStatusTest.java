package io.yantar.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigAndStatusTest {

    @Test
    void limitsAreValidatedAtConstruction() {
        Config good = Config.defaults("chain");
        assertThrows(IllegalArgumentException.class, () -> good.withCheckpointInterval(0, 64));
        assertThrows(IllegalArgumentException.class, () -> good.withCheckpointInterval(16, 20), "window below 2K stalls");
        assertThrows(IllegalArgumentException.class, () -> good.withTimeouts(1_000, 2_000, 1_000, 500), "cap below the first wait");
        assertThrows(IllegalArgumentException.class, () -> good.withBatch(0, 5));
        assertThrows(IllegalArgumentException.class, () -> Config.defaults(" "));
    }

    @Test
    void validatorSetDerivesItsQuorumsFromItsSize() {
        ValidatorSet seven = ValidatorSet.ofSize(7);
        assertEquals(2, seven.maxFaulty());
        assertEquals(5, seven.quorum());
        assertEquals(3, seven.weakQuorum());
        assertEquals(3, seven.primaryOf(10));
        assertEquals(1, ValidatorSet.ofSize(5).maxFaulty(), "n = 5 tolerates one fault, like n = 4");
        assertThrows(IllegalArgumentException.class, () -> new ValidatorSet(0, 0, List.of("a", "a")));
    }

    @Test
    void statusSaysWhoWasNotHeardFromAndInWhichViewEachLastSpoke() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitHeight(1, "x"); // hears 0, 2 and 3 in view 0
        backup.advance(3_000);
        backup.from(2, backup.viewChange(2, 1));

        Status status = backup.replica.status();
        assertEquals(0, status.view());
        assertEquals(0, status.primary());
        assertEquals(1, status.lastCommittedHeight());
        Status.PeerStatus primary = status.peers().get(0);
        Status.PeerStatus two = status.peers().get(1);
        assertEquals(0, primary.replica());
        assertEquals(0, primary.lastView());
        assertTrue(primary.silent(), "nothing from the primary for longer than the request timeout");
        assertEquals(1, two.lastView(), "replica 2 last spoke in view 1");
        assertFalse(two.silent());
    }
}
