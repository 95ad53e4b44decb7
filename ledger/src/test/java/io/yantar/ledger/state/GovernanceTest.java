package io.yantar.ledger.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.Role;
import io.yantar.ledger.tx.StatelessValidator;
import io.yantar.proto.Governance;
import io.yantar.proto.GovernanceProposal;
import io.yantar.proto.RoleChange;
import io.yantar.proto.ValidatorInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class GovernanceTest {
    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final StatelessValidator validator =
            new StatelessValidator(TestNetwork.SUITE, TestNetwork.CHAIN_ID, LedgerLimits.DEFAULTS);

    @Test
    void aRoleGrantTakesEffectWhenTheThresholdOfAdminsApproved() {
        var newIssuer = network.citizens.get(4);
        ByteString proposal = TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder()
                .setGrantRole(RoleChange.newBuilder().setPublicKey(TestNetwork.publicKey(newIssuer))
                        .setRole("issuer").setName("district-treasury").setOrganisation("District"))
                .build());
        chain.execute(proposal);
        assertEquals(1, chain.state.governance().pendingProposals().size());
        ByteString rootWhilePending = chain.state.stateRoot();
        assertEquals("NOT_ISSUER", chain.execute(TestNetwork.issue(newIssuer, 0, 10)).receipts().get(0).getReasonCode());

        ByteString approval = TestNetwork.governance(network.admins.get(1), 0,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build());
        assertTrue(chain.execute(approval).receipts().get(0).getSuccess());
        assertTrue(chain.state.hasRole(TestNetwork.publicKey(newIssuer), Role.ISSUER));
        assertTrue(chain.state.governance().pendingProposals().isEmpty());
        assertNotEquals(rootWhilePending, chain.state.stateRoot(), "roles are authenticated by the state root");
        assertTrue(chain.execute(TestNetwork.issue(newIssuer, 1, 10)).receipts().get(0).getSuccess());
    }

    @Test
    void anApprovedValidatorChangeIsExposedForTheReconfigurationMachinery() {
        ValidatorInfo joining = ValidatorInfo.newBuilder().setNodeId("node-4").setOrganisation("State Development Bank")
                .setRole("bank").setPublicKey(TestNetwork.publicKey(TestNetwork.key("validator-4")))
                .setHost("10.0.0.5").setClusterPort(25524).setHttpPort(8084).build();
        ByteString proposal = TestNetwork.governance(network.admins.get(2), 0,
                Governance.newBuilder().setAddValidator(joining).build());
        chain.execute(proposal);
        assertTrue(chain.state.governance().approvedValidatorChanges().isEmpty());
        chain.execute(TestNetwork.governance(network.admins.get(0), 0,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build()));
        List<GovernanceProposal> approved = chain.state.governance().approvedValidatorChanges();
        assertEquals(1, approved.size());
        assertEquals(joining, approved.get(0).getChange().getAddValidator());
        assertEquals(2, approved.get(0).getApprovedAtHeight());
        assertEquals(2, approved.get(0).getApprovalsCount());
    }

    @Test
    void loweringTheThresholdToOneMakesASingleAdminDecisive() {
        ByteString proposal = TestNetwork.governance(network.admins.get(0), 0,
                Governance.newBuilder().setSetAdminThreshold(1).build());
        chain.execute(proposal, TestNetwork.governance(network.admins.get(1), 0,
                Governance.newBuilder().setApprove(validator.txId(proposal)).build()));
        assertEquals(1, chain.state.governance().adminThreshold());
        ByteString grant = TestNetwork.governance(network.admins.get(2), 0, Governance.newBuilder()
                .setGrantRole(RoleChange.newBuilder().setPublicKey(TestNetwork.publicKey(network.citizens.get(3)))
                        .setRole("issuer")).build());
        assertTrue(chain.execute(grant).receipts().get(0).getSuccess());
        assertTrue(chain.state.hasRole(TestNetwork.publicKey(network.citizens.get(3)), Role.ISSUER));
    }

    @Test
    void aProposalThatDidNotReachTheThresholdInItsLifetimeLapses() {
        LedgerLimits d = LedgerLimits.DEFAULTS;
        LedgerLimits shortLived = new LedgerLimits(d.transactionBytesMax(), d.disbursementBytesMax(), d.memoBytesMax(),
                d.disbursementLinesMax(), d.programIdBytesMax(), d.budgetLineBytesMax(), d.governanceTextBytesMax(),
                d.pendingProposalsMax(), 2, d.proofHeadersMax());
        TestChain shortChain = new TestChain(network, shortLived);
        ByteString stale = TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder().setSetAdminThreshold(1).build());
        shortChain.execute(stale);
        shortChain.execute();
        shortChain.execute();
        ByteString late = TestNetwork.governance(network.admins.get(1), 0,
                Governance.newBuilder().setApprove(validator.txId(stale)).build());
        assertEquals("UNKNOWN_PROPOSAL", shortChain.execute(late).receipts().get(0).getReasonCode());
        assertTrue(shortChain.state.governance().pendingProposals().isEmpty());

        ByteString fresh = TestNetwork.governance(network.admins.get(0), 1, Governance.newBuilder().setSetAdminThreshold(3).build());
        shortChain.execute(fresh);
        shortChain.execute();
        assertTrue(shortChain.execute(TestNetwork.governance(network.admins.get(1), 1,
                Governance.newBuilder().setApprove(validator.txId(fresh)).build())).receipts().get(0).getSuccess());
        assertEquals(3, shortChain.state.governance().adminThreshold());
    }

    @Test
    void revokingAnAdminBelowTheThresholdIsRefused() {
        ByteString raise = TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder().setSetAdminThreshold(3).build());
        chain.execute(raise, TestNetwork.governance(network.admins.get(1), 0,
                Governance.newBuilder().setApprove(validator.txId(raise)).build()));
        assertEquals(3, chain.state.governance().adminThreshold());
        ByteString revoke = TestNetwork.governance(network.admins.get(0), 1, Governance.newBuilder()
                .setRevokeRole(RoleChange.newBuilder().setPublicKey(TestNetwork.publicKey(network.admins.get(2))).setRole("admin"))
                .build());
        assertEquals("INVALID_ADMIN_THRESHOLD", chain.execute(revoke).receipts().get(0).getReasonCode());
    }
}
