package io.yantar.ledger.merkle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.yantar.ledger.TestNetwork;
import io.yantar.proto.MerkleProof;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MerkleTreeTest {
    private final MerkleTree tree = new MerkleTree(TestNetwork.SUITE);

    @Test
    void everyLeafOfEveryTreeSizeProvesItsInclusion() {
        for (int size = 1; size <= 33; size++) {
            List<ByteString> leaves = leaves(size);
            ByteString root = ByteString.copyFrom(tree.root(leaves));
            for (int i = 0; i < size; i++) {
                MerkleProof proof = tree.proof(leaves, i);
                assertTrue(tree.verify(leaves.get(i), proof, root), size + "/" + i);
                assertFalse(tree.verify(leaves.get((i + 1) % size).concat(ByteString.copyFromUtf8("x")), proof, root));
            }
        }
    }

    @Test
    void matchesTheRfc6962ShapeForFiveLeaves() {
        List<ByteString> leaves = leaves(5);
        byte[][] h = new byte[5][];
        for (int i = 0; i < 5; i++) {
            h[i] = TestNetwork.SUITE.hash(new byte[] {0}, leaves.get(i).toByteArray());
        }
        byte[] left = node(node(h[0], h[1]), node(h[2], h[3]));
        byte[] count = {0, 0, 0, 0, 0, 0, 0, 5};
        assertArrayEquals(TestNetwork.SUITE.hash(new byte[] {2}, count, node(left, h[4])), tree.root(leaves));
    }

    @Test
    void tamperedProofsAreRefused() {
        List<ByteString> leaves = leaves(7);
        ByteString root = ByteString.copyFrom(tree.root(leaves));
        MerkleProof proof = tree.proof(leaves, 3);
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().setLeafIndex(2).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().setLeafCount(8).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().setLeafIndex(7).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().setLeafCount(0).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().addSiblings(proof.getSiblings(0)).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().clearSiblings().addAllSiblings(proof.getSiblingsList().subList(1, proof.getSiblingsCount())).build(), root));
        assertFalse(tree.verify(leaves.get(3), proof.toBuilder().setSiblings(0, ByteString.copyFrom(new byte[5])).build(), root));
    }

    @Test
    void emptyTreeRootCommitsToZeroLeaves() {
        byte[] expected = TestNetwork.SUITE.hash(new byte[] {2}, new byte[8], TestNetwork.SUITE.hash(new byte[0]));
        assertEquals(ByteString.copyFrom(expected), ByteString.copyFrom(tree.root(List.of())));
    }

    @Test
    void theLastLeafCannotPoseAsAnEarlierOneOfASmallerTree() {
        List<ByteString> leaves = leaves(5);
        ByteString root = ByteString.copyFrom(tree.root(leaves));
        MerkleProof proof = tree.proof(leaves, 4);
        assertTrue(tree.verify(leaves.get(4), proof, root));
        assertFalse(tree.verify(leaves.get(4), proof.toBuilder().setLeafIndex(1).setLeafCount(2).build(), root));
    }

    private byte[] node(byte[] left, byte[] right) {
        return TestNetwork.SUITE.hash(new byte[] {1}, left, right);
    }

    private static List<ByteString> leaves(int size) {
        List<ByteString> leaves = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            leaves.add(ByteString.copyFromUtf8("leaf-" + i));
        }
        return leaves;
    }
}
