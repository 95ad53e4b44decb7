package io.yantar.consensus.core;

import static io.yantar.consensus.core.Scenario.persisted;
import static io.yantar.consensus.core.Scenario.sent;
import static io.yantar.consensus.core.Scenario.state;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Checkpoints every K heights, stable at 2f+1 matching; the log below goes; a replica behind fetches state. */
class CheckpointTest {

    @Test
    void executingACheckpointHeightSignsACheckpointOverTheStateDigest() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitAndExecute(3);
        Outputs atCheckpoint = backup.commitAndExecute(4);

        assertEquals(List.of(new Checkpoint(0, 4, state(4), 1)), sent(atCheckpoint, Checkpoint.class));
        assertEquals(1, persisted(atCheckpoint, DurableRecord.OwnMessage.class).size(), "persisted before it is sent");
    }

    @Test
    void twoFPlusOneMatchingCheckpointsMakeItStableAndDropTheLogBelow() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitAndExecute(4);
        int before = backup.replica.retainedItems();

        backup.from(0, backup.checkpoint(0, 4, state(4)));
        Outputs stable = backup.from(2, backup.checkpoint(2, 4, state(4)));

        assertEquals(1, stable.stableCheckpoints().size());
        CheckpointCertificate certificate = stable.stableCheckpoints().get(0);
        assertEquals(4, certificate.height());
        assertEquals(3, certificate.checkpoints().stream().map(Signed::signer).distinct().count());
        assertTrue(backup.certificates().validCheckpointCertificate(certificate));
        assertEquals(4, backup.replica.stableHeight());
        assertTrue(backup.replica.retainedItems() < before, "slots 1..4 are dropped");
        assertEquals(List.of(new DurableRecord.StableCheckpoint(4)), persisted(stable, DurableRecord.StableCheckpoint.class));
    }

    @Test
    void checkpointsOverDifferentStatesDoNotAddUp() {
        Scenario backup = Scenario.replica(1, 4);
        backup.commitAndExecute(4);
        backup.from(0, backup.checkpoint(0, 4, Bytes.ofLong(1)));
        Outputs out = backup.from(2, backup.checkpoint(2, 4, Bytes.ofLong(2)));
        assertTrue(out.stableCheckpoints().isEmpty());
        assertEquals(0, backup.replica.stableHeight());
    }

    @Test
    void aReplicaBehindAStableCheckpointFetchesStateThenCarriesOn() {
        Scenario late = Scenario.replica(3, 4);
        late.from(0, late.checkpoint(0, 8, state(8)));
        late.from(1, late.checkpoint(1, 8, state(8)));
        Outputs behind = late.from(2, late.checkpoint(2, 8, state(8)));

        assertEquals(1, behind.fetches().size());
        StateFetch fetch = behind.fetches().get(0);
        assertEquals(1, fetch.fromHeight());
        assertEquals(8, fetch.height());
        assertEquals(state(8), fetch.stateDigest());

        late.step(new Input.StateTransferred(8, state(8), fetch.certificate()));
        assertEquals(8, late.replica.lastDeliveredHeight());
        Outputs next = late.commitHeight(9, "after the transfer");
        assertEquals(List.of(9L), next.committed().stream().map(CommittedBlock::height).toList());
    }

    @Test
    void aReplicaFetchingStateDoesNotSuspectThePrimaryOfItsOwnLag() {
        Scenario late = Scenario.replica(3, 4);
        late.request("waiting while this replica catches up");
        late.from(0, late.checkpoint(0, 8, state(8)));
        late.from(1, late.checkpoint(1, 8, state(8)));
        StateFetch fetch = late.from(2, late.checkpoint(2, 8, state(8))).fetches().get(0);

        assertTrue(sent(late.advance(30_000), ViewChange.class).isEmpty(), "2f+1 certified progress: the lag is its own");

        late.step(new Input.StateTransferred(8, state(8), fetch.certificate()));
        assertTrue(sent(late.advance(999), ViewChange.class).isEmpty(), "a full timeout from the transfer on");
        assertFalse(sent(late.advance(1), ViewChange.class).isEmpty(), "then a primary that orders nothing is suspected");
    }

    @Test
    void stateTransferWithoutAValidCertificateIsRefused() {
        Scenario late = Scenario.replica(3, 4);
        CheckpointCertificate forged = new CheckpointCertificate(0, 8, state(8),
                List.of(new Signed(new Checkpoint(0, 8, state(8), 0), Bytes.ofLong(1))));
        Outputs out = late.step(new Input.StateTransferred(8, state(8), forged));
        assertEquals(List.of(RejectReason.BAD_CERTIFICATE), out.rejected());
        assertEquals(0, late.replica.lastDeliveredHeight());
    }

    @Test
    void executingDifferentlyFromWhatTwoFPlusOneCertifiedStopsTheReplicaLoudly() {
        Scenario diverged = Scenario.replica(1, 4);
        diverged.commitAndExecute(4); // its own state digest at 4 is state(4)
        diverged.from(0, diverged.checkpoint(0, 4, Bytes.ofLong(666)));
        diverged.from(2, diverged.checkpoint(2, 4, Bytes.ofLong(666)));
        assertThrows(IllegalStateException.class, () -> diverged.from(3, diverged.checkpoint(3, 4, Bytes.ofLong(666))));
    }
}
