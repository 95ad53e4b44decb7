package io.yantar.ledger.verify;

import static io.yantar.ledger.TestNetwork.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.TestCertificates;
import io.yantar.ledger.TestChain;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.state.ExecutedBlock;
import io.yantar.ledger.merkle.AccountProofs;
import io.yantar.ledger.merkle.StateLeaves;
import io.yantar.proto.AccountAbsenceProof;
import io.yantar.proto.AccountProof;
import io.yantar.proto.AccountProofBundle;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccountProofVerifierTest {
    private final TestNetwork network = new TestNetwork();
    private final TestChain chain = new TestChain(network);
    private final AccountProofVerifier verifier = new AccountProofVerifier(network.genesis, TestNetwork.SUITE, LedgerLimits.DEFAULTS);
    private final Address bob = address(network.citizens.get(1));

    @Test
    void provesABalanceFromTheGenesisKeysAlone() {
        ExecutedBlock block = chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, bob, 12_345));
        AccountProof proof = chain.state.accountProof(bob).orElseThrow();
        assertEquals(TestNetwork.CITIZEN_OPENING_KOPECKS + 12_345, proof.getAccount().getBalanceKopecks());
        AccountProofBundle bundle = AccountProofBundle.newBuilder()
                .setProof(proof)
                .setHeader(block.header())
                .setCheckpointCertificate(TestCertificates.checkpoint(network, 1, block.blockHash(), List.of(1, 2, 3)))
                .build();
        assertTrue(verifier.verify(bundle).isAccepted());

        AccountProof inflated = proof.toBuilder().setAccount(proof.getAccount().toBuilder().setBalanceKopecks(99_999_999)).build();
        assertFalse(verifier.verify(bundle.toBuilder().setProof(inflated).build()).isAccepted());
        assertFalse(verifier.verify(bundle.toBuilder().setHeader(block.header().toBuilder()
                .setStateRoot(ByteString.copyFrom(new byte[32]))).build()).isAccepted());
        assertFalse(verifier.verify(bundle.toBuilder().setCheckpointCertificate(
                TestCertificates.checkpoint(network, 1, block.blockHash(), List.of(1, 2))).build()).isAccepted());
        assertFalse(verifier.verify(bundle.toBuilder().setHeader(block.header().toBuilder().setChainId("other")).build())
                .isAccepted());
    }

    @Test
    void provesThatAnAddressHasNoAccount() {
        ExecutedBlock block = chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, bob, 5));
        Address nobody = address(TestNetwork.key("nobody"));
        AccountProofBundle bundle = AccountProofBundle.newBuilder()
                .setAbsence(chain.state.accountAbsenceProof(nobody).orElseThrow())
                .setHeader(block.header())
                .setCheckpointCertificate(TestCertificates.checkpoint(network, 1, block.blockHash(), List.of(0, 1, 3)))
                .build();
        assertTrue(verifier.verify(bundle).isAccepted());
        assertTrue(chain.state.accountAbsenceProof(bob).isEmpty());
        assertFalse(verifier.verify(bundle.toBuilder().setAbsence(bundle.getAbsence().toBuilder().setAddress(bob.bytes())).build())
                .isAccepted());
        assertFalse(verifier.verify(bundle.toBuilder().setProof(chain.state.accountProof(bob).orElseThrow()).build()).isAccepted(),
                "a bundle cannot claim both");
    }

    @Test
    void absenceProofsMayEndAtTheAuthorityOrAProgramLeaf() {
        chain.execute(TestNetwork.disburse(network.treasury, 0, "child-allowance-2026-11",
                List.of(TestNetwork.line(bob, 1), TestNetwork.line(address(network.citizens.get(2)), 1))));
        ByteString root = chain.state.stateRoot();
        AccountProofs proofs = new AccountProofs(TestNetwork.SUITE);
        ByteString authorityKey = new StateLeaves(TestNetwork.SUITE).authorityKey();
        java.util.Set<String> terminalKinds = new java.util.HashSet<>();
        for (int i = 0; i < 2_000 && terminalKinds.size() < 3; i++) {
            AccountAbsenceProof absence = chain.state.accountAbsenceProof(address(TestNetwork.key("probe-" + i))).orElseThrow();
            assertTrue(proofs.verifyAbsence(absence, root), "probe " + i);
            ByteString other = absence.getOtherLeafKey();
            if (other.equals(authorityKey)) {
                terminalKinds.add("authority");
            } else if (absence.getOtherLeafSuffix().size() == 4) {
                terminalKinds.add("program");
            } else if (!other.isEmpty()) {
                terminalKinds.add("account");
            }
        }
        assertEquals(java.util.Set.of("authority", "program", "account"), terminalKinds);
    }

    @Test
    void provesABalanceThroughLaterHeadersToTheCheckpoint() {
        ExecutedBlock first = chain.execute(TestNetwork.transfer(network.citizens.get(0), 0, bob, 1));
        AccountProof proof = chain.state.accountProof(bob).orElseThrow();
        ExecutedBlock second = chain.execute();
        AccountProofBundle bundle = AccountProofBundle.newBuilder()
                .setProof(proof)
                .setHeader(first.header())
                .addHeadersToCheckpoint(second.header())
                .setCheckpointCertificate(TestCertificates.checkpoint(network, 2, second.blockHash(), List.of(0, 1, 2)))
                .build();
        assertTrue(verifier.verify(bundle).isAccepted());
        assertFalse(verifier.verify(bundle.toBuilder().clearHeadersToCheckpoint().build()).isAccepted());
    }
}
