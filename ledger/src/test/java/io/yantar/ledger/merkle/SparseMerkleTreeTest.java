package io.yantar.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.TestNetwork;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.proto.AccountAbsenceProof;
import io.yantar.proto.AccountProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SparseMerkleTreeTest {
    private final StateLeaves leaves = new StateLeaves(TestNetwork.SUITE);
    private final AccountProofs proofs = new AccountProofs(TestNetwork.SUITE);

    @Test
    void rootDependsOnContentNotOnInsertionOrderNorOnHowOftenItWasUpdated() {
        Random random = new Random(42);
        Map<Address, AccountValue> accounts = randomAccounts(random, 500);
        SparseMerkleTree incremental = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        List<Address> order = new ArrayList<>(accounts.keySet());
        for (Address address : order) {
            incremental.put(address.bytes(), leaves.accountLeaf(address, AccountValue.EMPTY));
            incremental.root();
        }
        accounts.forEach((address, value) -> incremental.put(address.bytes(), leaves.accountLeaf(address, value)));

        Collections.shuffle(order, random);
        SparseMerkleTree fresh = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        for (Address address : order) {
            fresh.put(address.bytes(), leaves.accountLeaf(address, accounts.get(address)));
        }
        assertArrayEquals(fresh.root(), incremental.root());
        assertEquals(500, fresh.size());
    }

    @Test
    void emptyTreeHasTheZeroRoot() {
        SparseMerkleTree tree = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        assertArrayEquals(new byte[32], tree.root());
    }

    @Test
    void everyAccountProvesItsBalanceAndNonce() {
        Random random = new Random(7);
        Map<Address, AccountValue> accounts = randomAccounts(random, 200);
        SparseMerkleTree tree = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        accounts.forEach((address, value) -> tree.put(address.bytes(), leaves.accountLeaf(address, value)));
        ByteString root = ByteString.copyFrom(tree.root());
        accounts.forEach((address, value) -> {
            AccountProof proof = proofs.prove(tree, address, value).orElseThrow();
            assertTrue(proofs.verify(proof, root));
            assertFalse(proofs.verify(proof.toBuilder().setAccount(proof.getAccount().toBuilder()
                    .setBalanceKopecks(value.balanceKopecks() + 1)).build(), root));
            assertFalse(proofs.verify(proof.toBuilder().setAccount(proof.getAccount().toBuilder()
                    .setNonce(value.nextNonce() + 1)).build(), root));
            assertFalse(proofs.verify(proof.toBuilder().setLeafDepth(proof.getLeafDepth() + 1).build(), root));
        });
    }

    @Test
    void tamperedProofStructureIsRefused() {
        Map<Address, AccountValue> accounts = randomAccounts(new Random(9), 64);
        SparseMerkleTree tree = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        accounts.forEach((address, value) -> tree.put(address.bytes(), leaves.accountLeaf(address, value)));
        ByteString root = ByteString.copyFrom(tree.root());
        Map.Entry<Address, AccountValue> first = accounts.entrySet().iterator().next();
        AccountProof proof = proofs.prove(tree, first.getKey(), first.getValue()).orElseThrow();
        assertTrue(proofs.verify(proof, root));
        assertFalse(proofs.verify(proof.toBuilder().setSiblings(0, ByteString.copyFrom(new byte[32])).build(), root));
        assertFalse(proofs.verify(proof.toBuilder().addSiblings(proof.getSiblings(0)).build(), root));
        assertFalse(proofs.verify(proof.toBuilder().setPresentBitmap(ByteString.copyFrom(new byte[8])).build(), root));
        assertFalse(proofs.verify(proof.toBuilder().setLeafDepth(500).build(), root));
        assertFalse(proofs.verify(proof, ByteString.copyFrom(new byte[32])));
        Address stranger = new Address(ByteString.copyFrom(new byte[20]));
        assertTrue(proofs.prove(tree, stranger, AccountValue.EMPTY).isEmpty());
    }

    @Test
    void absentAddressesProveTheirAbsenceAndPresentOnesCannot() {
        Random random = new Random(13);
        Map<Address, AccountValue> accounts = randomAccounts(random, 300);
        SparseMerkleTree tree = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        accounts.forEach((address, value) -> tree.put(address.bytes(), leaves.accountLeaf(address, value)));
        ByteString root = ByteString.copyFrom(tree.root());
        java.util.function.Function<ByteString, byte[]> suffixOf =
                key -> StateLeaves.accountSuffix(accounts.get(new Address(key)));
        int endingInAnotherLeaf = 0;
        for (int i = 0; i < 200; i++) {
            Address stranger = randomAccounts(random, 1).keySet().iterator().next();
            AccountAbsenceProof absence = proofs.proveAbsence(tree, stranger, suffixOf).orElseThrow();
            assertTrue(proofs.verifyAbsence(absence, root));
            if (!absence.getOtherLeafKey().isEmpty()) {
                endingInAnotherLeaf++;
                assertFalse(proofs.verifyAbsence(absence.toBuilder().setOtherLeafSuffix(
                        ByteString.copyFrom(new byte[16])).build(), root));
                assertFalse(proofs.verifyAbsence(absence.toBuilder().setAddress(absence.getOtherLeafKey()).build(), root),
                        "the leaf's own key is present");
            }
            assertFalse(proofs.verifyAbsence(absence.toBuilder().setDepth(absence.getDepth() + 1).build(), root));
        }
        assertTrue(endingInAnotherLeaf > 0);

        Map.Entry<Address, AccountValue> present = accounts.entrySet().iterator().next();
        assertTrue(proofs.proveAbsence(tree, present.getKey(), suffixOf).isEmpty());
        AccountProof presence = proofs.prove(tree, present.getKey(), present.getValue()).orElseThrow();
        AccountAbsenceProof forged = AccountAbsenceProof.newBuilder()
                .setAddress(present.getKey().bytes())
                .setDepth(presence.getLeafDepth())
                .setPresentBitmap(presence.getPresentBitmap())
                .addAllSiblings(presence.getSiblingsList())
                .build();
        assertFalse(proofs.verifyAbsence(forged, root), "an empty subtree cannot stand where an account is");
    }

    @Test
    void everyAddressIsAbsentFromTheEmptyTree() {
        SparseMerkleTree tree = new SparseMerkleTree(TestNetwork.SUITE, Address.LENGTH);
        Address anyone = new Address(ByteString.copyFrom(new byte[20]));
        AccountAbsenceProof absence = proofs.proveAbsence(tree, anyone, key -> new byte[0]).orElseThrow();
        assertEquals(0, absence.getDepth());
        assertTrue(proofs.verifyAbsence(absence, ByteString.copyFrom(tree.root())));
    }

    private static Map<Address, AccountValue> randomAccounts(Random random, int count) {
        Map<Address, AccountValue> accounts = new LinkedHashMap<>();
        while (accounts.size() < count) {
            byte[] raw = new byte[Address.LENGTH];
            random.nextBytes(raw);
            accounts.put(new Address(ByteString.copyFrom(raw)),
                    new AccountValue(random.nextInt(1_000_000), random.nextInt(100)));
        }
        return accounts;
    }
}
