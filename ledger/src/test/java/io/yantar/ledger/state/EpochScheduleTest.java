package io.yantar.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.Governance;
import io.yantar.proto.LedgerSnapshot;
import io.yantar.proto.ReplaceValidatorKey;
import io.yantar.proto.ValidatorInfo;
import io.yantar.proto.ValidatorSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger schedules epochs from approved validator changes: K = 1 and L = 64 in the test genesis. */
class EpochScheduleTest {
    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final StatelessValidator validator =
            new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS);
    private final ValidatorInfo joining = ValidatorInfo.newBuilder().setNodeId("node-4").setOrganisation("Ministry")
            .setRole("government").setPublicKey(TestNetwork.publicKey(TestNetwork.key("validator-4")))
            .setHost("10.0.0.5").setClusterPort(25524).setHttpPort(8084).build();

    private ExecutedBlock approve(Governance change, int proposerNonce, int approverNonce) {
        ByteString proposal = TestNetwork.governance(network.admins.get(0), proposerNonce, change);
        chain.execute(proposal);
        return chain.execute(TestNetwork.governance(network.admins.get(1), approverNonce,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build()));
    }

    @Test
    void anApprovedAdditionSchedulesTheNextEpochAndTheBlockExposesIt() {
        ExecutedBlock proposed = chain.execute(TestNetwork.governance(network.admins.get(0), 0,
                Governance.newBuilder().setAddValidator(joining).build()));
        assertTrue(proposed.scheduledEpoch().isEmpty(), "a pending proposal schedules nothing");
        ExecutedBlock approval = chain.execute(TestNetwork.governance(network.admins.get(1), 0,
                Governance.newBuilder().setApprove(validator.txId(proposed.block().getTransactions(0))).build()));
        assertTrue(approval.receipts().get(0).getSuccess(), approval.receipts().get(0).getDetail());

        ValidatorSet next = approval.scheduledEpoch().orElseThrow();
        assertEquals(1, next.getEpoch());
        assertEquals(2 + 64 + 1, next.getStartHeight(), "ceil((h + L) / K) * K + 1 with h = 2, L = 64, K = 1");
        assertEquals(5, next.getValidatorsCount());
        assertEquals(joining, next.getValidators(4), "an added validator goes last");
        assertEquals(next, chain.state.validatorHistory().setAt(67));
        assertEquals(0, chain.state.validatorHistory().setAt(66).getEpoch());
        assertTrue(chain.execute().scheduledEpoch().isEmpty(), "only the block that changed the schedule exposes it");
    }

    @Test
    void blocksCarryTheEpochOfTheirHeightAndTheLastOneNamesTheNextSet() {
        approve(Governance.newBuilder().setAddValidator(joining).build(), 0, 0);
        ValidatorSet next = chain.state.validatorHistory().latest();
        while (chain.state.height() < next.getStartHeight()) {
            chain.execute();
        }
        ExecutedBlock last = chain.blocks.get((int) next.getStartHeight() - 2);
        ExecutedBlock first = chain.blocks.get((int) next.getStartHeight() - 1);
        assertEquals(0, last.header().getEpoch());
        assertEquals(new BlockHashes(TestNetwork.SUITE).validatorSetHash(next), last.header().getNextValidatorsHash());
        assertEquals(1, first.header().getEpoch());
        assertTrue(first.header().getNextValidatorsHash().isEmpty());
        assertTrue(chain.blocks.get(5).header().getNextValidatorsHash().isEmpty());
        assertEquals(1, chain.state.epoch());
    }

    @Test
    void changesApprovedForTheSameBoundaryMergeIntoOneEpochInApprovalOrder() {
        // Two additions: 4 of the 6 carry over, a quorum of 6 (replacing a key as well would leave
        // 3 of 5, below the quorum of 4, and is refused QUORUM_UNREACHABLE).
        ValidatorInfo second = joining.toBuilder().setNodeId("node-5").setOrganisation("Treasury Bank").setRole("bank")
                .setPublicKey(TestNetwork.publicKey(TestNetwork.key("validator-5"))).setHost("10.0.0.6")
                .setClusterPort(25525).setHttpPort(8085).build();
        ByteString add = TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder().setAddValidator(joining).build());
        ByteString addSecond = TestNetwork.governance(network.admins.get(0), 1, Governance.newBuilder().setAddValidator(second).build());
        chain.execute(add, addSecond);
        ExecutedBlock both = chain.execute(
                TestNetwork.governance(network.admins.get(1), 0, Governance.newBuilder().setApprove(validator.txId(add)).build()),
                TestNetwork.governance(network.admins.get(1), 1, Governance.newBuilder().setApprove(validator.txId(addSecond)).build()));
        assertTrue(both.receipts().stream().allMatch(r -> r.getSuccess()));
        ValidatorSet next = both.scheduledEpoch().orElseThrow();
        assertEquals(1, next.getEpoch());
        assertEquals(List.of("node-0", "node-1", "node-2", "node-3", "node-4", "node-5"),
                next.getValidatorsList().stream().map(ValidatorInfo::getNodeId).toList());
        assertEquals(second, next.getValidators(5));
        assertEquals(2, chain.state.validatorHistory().epochs().size());
    }

    @Test
    void replacingAKeyInTheSameEpochAsAnAdditionLeavesNoQuorumAndIsRefused() {
        ByteString add = TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder().setAddValidator(joining).build());
        ByteString replace = TestNetwork.governance(network.admins.get(0), 1, Governance.newBuilder()
                .setReplaceValidatorKey(ReplaceValidatorKey.newBuilder().setNodeId("node-2")
                        .setNewPublicKey(TestNetwork.publicKey(TestNetwork.key("validator-2b")))
                        .setHost("10.0.0.12").setClusterPort(25532).setHttpPort(8092)).build());
        chain.execute(add, replace);
        ExecutedBlock both = chain.execute(
                TestNetwork.governance(network.admins.get(1), 0, Governance.newBuilder().setApprove(validator.txId(add)).build()),
                TestNetwork.governance(network.admins.get(1), 1, Governance.newBuilder().setApprove(validator.txId(replace)).build()));
        assertTrue(both.receipts().get(0).getSuccess());
        assertEquals("QUORUM_UNREACHABLE", both.receipts().get(1).getReasonCode());
    }

    @Test
    void aChangeApprovedLaterSchedulesTheEpochAfterTheScheduledOne() {
        approve(Governance.newBuilder().setAddValidator(joining).build(), 0, 0);
        ExecutedBlock removal = approve(Governance.newBuilder().setRemoveValidator("node-0").build(), 1, 1);
        ValidatorSet epoch2 = removal.scheduledEpoch().orElseThrow();
        assertEquals(2, epoch2.getEpoch());
        assertEquals(4 + 64 + 1, epoch2.getStartHeight());
        assertEquals(List.of("node-1", "node-2", "node-3", "node-4"),
                epoch2.getValidatorsList().stream().map(ValidatorInfo::getNodeId).toList());
    }

    @Test
    void aRemovalThatWouldLeaveThreeValidatorsIsRefusedWhenProposedAndWhenApproved() {
        ExecutedBlock refused = chain.execute(TestNetwork.governance(network.admins.get(0), 0,
                Governance.newBuilder().setRemoveValidator("node-1").build()));
        assertEquals("TOO_FEW_VALIDATORS", refused.receipts().get(0).getReasonCode());

        // With a fifth validator scheduled each removal alone is fine; approved for one boundary, the second is not.
        approve(Governance.newBuilder().setAddValidator(joining).build(), 1, 0);
        ByteString removeOne = TestNetwork.governance(network.admins.get(0), 2, Governance.newBuilder().setRemoveValidator("node-1").build());
        ByteString removeTwo = TestNetwork.governance(network.admins.get(0), 3, Governance.newBuilder().setRemoveValidator("node-2").build());
        chain.execute(removeOne, removeTwo);
        ExecutedBlock approvals = chain.execute(
                TestNetwork.governance(network.admins.get(1), 1, Governance.newBuilder().setApprove(validator.txId(removeOne)).build()),
                TestNetwork.governance(network.admins.get(1), 2, Governance.newBuilder().setApprove(validator.txId(removeTwo)).build()));
        assertTrue(approvals.receipts().get(0).getSuccess(), approvals.receipts().get(0).getDetail());
        assertEquals("TOO_FEW_VALIDATORS", approvals.receipts().get(1).getReasonCode());
        assertEquals(4, chain.state.validatorHistory().latest().getValidatorsCount());
    }

    @Test
    void aKeyAlreadyHeldByAValidatorIsRefused() {
        ExecutedBlock refused = chain.execute(TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder()
                .setReplaceValidatorKey(ReplaceValidatorKey.newBuilder().setNodeId("node-2")
                        .setNewPublicKey(TestNetwork.publicKey(network.validators.get(3)))
                        .setHost("10.0.0.12").setClusterPort(25532).setHttpPort(8092)).build()));
        assertEquals("DUPLICATE_VALIDATOR", refused.receipts().get(0).getReasonCode());
        assertFalse(refused.receipts().get(0).getDetail().isEmpty());
    }

    @Test
    void theScheduleSurvivesASnapshotAndIsUnderTheStateRoot() {
        ByteString rootBefore = chain.state.stateRoot();
        approve(Governance.newBuilder().setAddValidator(joining).build(), 0, 0);
        LedgerSnapshot snapshot = Snapshots.export(chain.state);
        LedgerState restored = Snapshots.restore(snapshot, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).orThrow();
        assertEquals(chain.state.validatorHistory().epochs(), restored.validatorHistory().epochs());
        assertTrue(!rootBefore.equals(chain.state.stateRoot()));

        var forged = snapshot.toBuilder().setExtra(ByteString.copyFrom(io.yantar.crypto.Canonical.bytes(
                parseExtra(snapshot).toBuilder().setAuthorityState(parseExtra(snapshot).getAuthorityState().toBuilder()
                        .setEpochs(0, chain.state.validatorHistory().latest().toBuilder().removeValidators(4))).build())))
                .build();
        assertFalse(Snapshots.restore(forged, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).isOk(),
                "a snapshot cannot change the scheduled set without changing the state root");
    }

    private static io.yantar.proto.LedgerSnapshotExtra parseExtra(LedgerSnapshot snapshot) {
        try {
            return io.yantar.proto.LedgerSnapshotExtra.parseFrom(snapshot.getExtra());
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new AssertionError(e);
        }
    }
}
