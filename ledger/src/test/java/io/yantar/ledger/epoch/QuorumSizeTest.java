package io.yantar.ledger.epoch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class QuorumSizeTest {

    @Test
    void isTwoFPlusOneWhenTheSetHasThreeFPlusOneMembers() {
        assertEquals(3, ValidatorChanges.quorumOf(4));
        assertEquals(5, ValidatorChanges.quorumOf(7));
        assertEquals(7, ValidatorChanges.quorumOf(10));
    }

    @Test
    void isLargerForOtherSizesSoThatTwoQuorumsShareAnHonestValidator() {
        assertEquals(4, ValidatorChanges.quorumOf(5));
        assertEquals(4, ValidatorChanges.quorumOf(6));
        for (int n = 4; n <= 64; n++) {
            int f = (n - 1) / 3;
            int quorum = ValidatorChanges.quorumOf(n);
            assertTrue(2 * quorum - n >= f + 1, "two quorums of " + n + " overlap in fewer than f + 1");
            assertTrue(quorum <= n - f, "a quorum of " + n + " needs a faulty validator");
        }
    }
}
