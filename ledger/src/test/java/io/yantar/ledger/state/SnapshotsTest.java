package io.yantar.ledger.state;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.Canonical;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.proto.AccountState;
import io.yantar.proto.Authority;
import io.yantar.proto.Governance;
import io.yantar.proto.LedgerSnapshot;
import io.yantar.proto.LedgerSnapshotExtra;
import java.util.List;
import org.junit.jupiter.api.Test;

class SnapshotsTest {
    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);

    SnapshotsTest() {
        chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, address(network.citizens.get(5)), 400),
                TestNetwork.issue(network.treasury, 0, 9_000),
                TestNetwork.disburse(network.treasury, 1, "child-allowance-2026-11",
                        List.of(TestNetwork.line(address(network.citizens.get(7)), 100))),
                TestNetwork.governance(network.admins.get(0), 0, Governance.newBuilder().setRemoveValidator("node-2").build()));
    }

    @Test
    void aRestoredLedgerHasTheSameRootAndContinuesIdentically() {
        LedgerSnapshot snapshot = Snapshots.export(chain.state);
        LedgerState restored = Snapshots.restore(snapshot, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).orThrow();
        assertEquals(chain.state.stateRoot(), restored.stateRoot());
        assertEquals(chain.state.height(), restored.height());
        assertEquals(chain.state.totalIssuedKopecks(), restored.totalIssuedKopecks());
        assertEquals(chain.state.governance().pendingProposals(), restored.governance().pendingProposals());
        assertEquals(1, restored.paidBeneficiaries().size());
        assertTrue(restored.wasPaid("child-allowance-2026-11", address(network.citizens.get(7)).bytes()));

        List<ByteString> next = List.of(TestNetwork.transfer(network.citizens.get(5), 0, address(network.citizens.get(6)), 7));
        ExecutedBlock original = chain.execute(chain.nextProposal(next));
        ExecutedBlock continued = chain.executor.execute(restored, proposalOf(original));
        assertEquals(original.blockHash(), continued.blockHash());
    }

    @Test
    void aTamperedSnapshotIsRefused() {
        LedgerSnapshot snapshot = Snapshots.export(chain.state);
        AccountState first = snapshot.getAccounts(0);
        LedgerSnapshot richer = snapshot.toBuilder()
                .setAccounts(0, first.toBuilder().setBalanceKopecks(first.getBalanceKopecks() + 1)).build();
        assertFalse(Snapshots.restore(richer, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).isOk());
        LedgerSnapshot duplicated = snapshot.toBuilder().addAccounts(first).build();
        assertFalse(Snapshots.restore(duplicated, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).isOk());
        LedgerSnapshotExtra extra = parse(snapshot.getExtra());
        LedgerSnapshotExtra forgedIssuer = extra.toBuilder().setAuthorityState(extra.getAuthorityState().toBuilder()
                .addAuthorities(Authority.newBuilder().setRole("issuer").setName("mallory")
                        .setPublicKey(TestNetwork.publicKey(TestNetwork.key("mallory"))))).build();
        LedgerSnapshot forged = snapshot.toBuilder().setExtra(ByteString.copyFrom(Canonical.bytes(forgedIssuer))).build();
        assertFalse(Snapshots.restore(forged, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).isOk(),
                "roles are under the state root, so a forged issuer is caught");
        LedgerSnapshot forgottenPayment = snapshot.toBuilder().setExtra(ByteString.copyFrom(Canonical.bytes(
                extra.toBuilder().clearProgramPayments().build()))).build();
        assertFalse(Snapshots.restore(forgottenPayment, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS).isOk(),
                "program payments are under the state root, so a snapshot cannot make a run payable twice");
        LedgerSnapshot garbage = snapshot.toBuilder().setExtra(ByteString.copyFromUtf8("not a message")).build();
        Parsed<LedgerState> refused = Snapshots.restore(garbage, network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);
        assertFalse(refused.isOk());
        assertFalse(refused.reasonOrEmpty().isEmpty());
    }

    private static LedgerSnapshotExtra parse(ByteString bytes) {
        try {
            return LedgerSnapshotExtra.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new AssertionError("the exported extra parses", e);
        }
    }

    private static io.yantar.proto.Proposal proposalOf(ExecutedBlock block) {
        return io.yantar.proto.Proposal.newBuilder()
                .setHeight(block.header().getHeight())
                .setView(block.header().getView())
                .setProposer(block.header().getProposer())
                .setTimestampMillis(block.header().getTimestampMillis())
                .addAllPayloads(block.block().getTransactionsList())
                .build();
    }
}
