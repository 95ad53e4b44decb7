package io.yantar.consensus.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.ViewChange;
import java.util.List;
import org.junit.jupiter.api.Test;

class RememberingAuthenticatorTest {
    private static final Bytes DIGEST = Bytes.ofLong(42);
    private static final Bytes GOOD = Bytes.ofLong(1);
    private static final Bytes BAD = Bytes.ofLong(2);

    /** Accepts the signature GOOD only, and counts what it was asked. */
    private static final class CountingKeys implements Authenticator {
        int verifications;

        @Override
        public Bytes sign(ConsensusMessage message) {
            return GOOD;
        }

        @Override
        public boolean verify(ConsensusMessage message, Bytes signature) {
            verifications++;
            return GOOD.equals(signature);
        }

        @Override
        public Authenticator forEpoch(ValidatorSet validators) {
            return this;
        }
    }

    private final CountingKeys keys = new CountingKeys();

    @Test
    void aCopyOfAVerifiedVoteIsNotVerifiedAgain() {
        Authenticator remembering = new RememberingAuthenticator(keys, 100);

        assertTrue(remembering.verify(new Prepare(0, 1, 7, DIGEST, 2), GOOD));
        assertTrue(remembering.verify(new Prepare(0, 1, 7, Bytes.ofLong(42), 2), Bytes.ofLong(1)));

        assertEquals(1, keys.verifications);
    }

    @Test
    void aDifferentMessageOrSignatureIsVerified() {
        Authenticator remembering = new RememberingAuthenticator(keys, 100);
        remembering.verify(new Prepare(0, 1, 7, DIGEST, 2), GOOD);

        assertTrue(remembering.verify(new Commit(0, 1, 7, DIGEST, 2), GOOD));
        assertTrue(remembering.verify(new Prepare(0, 1, 7, DIGEST, 3), GOOD));
        assertFalse(remembering.verify(new Prepare(0, 1, 7, DIGEST, 2), BAD));

        assertEquals(4, keys.verifications);
    }

    @Test
    void aRejectedSignatureIsCheckedEveryTime() {
        Authenticator remembering = new RememberingAuthenticator(keys, 100);

        assertFalse(remembering.verify(new Prepare(0, 1, 7, DIGEST, 2), BAD));
        assertFalse(remembering.verify(new Prepare(0, 1, 7, DIGEST, 2), BAD));

        assertEquals(2, keys.verifications);
    }

    @Test
    void onlyTheMostRecentVotesAreKept() {
        Authenticator remembering = new RememberingAuthenticator(keys, 2);
        remembering.verify(new Prepare(0, 1, 1, DIGEST, 2), GOOD);
        remembering.verify(new Prepare(0, 1, 2, DIGEST, 2), GOOD);
        remembering.verify(new Prepare(0, 1, 3, DIGEST, 2), GOOD);

        remembering.verify(new Prepare(0, 1, 3, DIGEST, 2), GOOD); // kept
        remembering.verify(new Prepare(0, 1, 1, DIGEST, 2), GOOD); // evicted: verified again

        assertEquals(4, keys.verifications);
    }

    @Test
    void viewChangesAreAlwaysVerified() {
        Authenticator remembering = new RememberingAuthenticator(keys, 100);
        ViewChange viewChange = new ViewChange(0, 2, 0, DIGEST, List.of(), List.of(), 1);

        remembering.verify(viewChange, GOOD);
        remembering.verify(viewChange, GOOD);

        assertEquals(2, keys.verifications);
    }
}
