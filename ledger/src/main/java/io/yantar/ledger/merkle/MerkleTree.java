package io.yantar.ledger.merkle;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.proto.MerkleProof;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary Merkle tree of a block's transaction ids and receipt hashes. Leaves are
 * hashed as {@code H(0x00 || leaf)}, inner nodes as {@code H(0x01 || left || right)} (so a
 * leaf can never pass for a node); a level with an odd count promotes its last node
 * unchanged, which gives the same shape as RFC 6962. The root commits to the leaf count,
 * {@code H(0x02 || count (8 bytes, big-endian) || top)} with {@code top = H()} for no
 * leaves, so a proof's leaf count and index are authenticated too (without it, the last
 * leaf of five could pose as leaf 1 of 2).
 */
public final class MerkleTree {
    private static final byte LEAF_TAG = 0x00;
    private static final byte[] ROOT_TAG = {0x02};
    /** A proof for a tree of at most 2^64 leaves never has more siblings. */
    private static final int SIBLINGS_MAX = 64;

    private final CryptoSuite suite;

    public MerkleTree(CryptoSuite suite) {
        this.suite = suite;
    }

    public byte[] root(List<ByteString> leaves) {
        if (leaves.isEmpty()) {
            return withCount(0, suite.hash(new byte[0]));
        }
        byte[][] level = leafHashes(leaves);
        int count = level.length;
        while (count > 1) {
            int parents = (count + 1) / 2;
            for (int i = 0; i < count / 2; i++) {
                level[i] = nodeHash(level[2 * i], level[2 * i + 1]);
            }
            if (count % 2 == 1) {
                level[parents - 1] = level[count - 1];
            }
            count = parents;
        }
        return withCount(leaves.size(), level[0]);
    }

    /** The inclusion proof of {@code leaves[index]}. */
    public MerkleProof proof(List<ByteString> leaves, int index) {
        if (index < 0 || index >= leaves.size()) {
            throw new IllegalArgumentException("leaf " + index + " is outside a tree of " + leaves.size());
        }
        byte[][] level = leafHashes(leaves);
        int count = level.length;
        int position = index;
        List<ByteString> siblings = new ArrayList<>();
        while (count > 1) {
            if (position % 2 == 1) {
                siblings.add(ByteString.copyFrom(level[position - 1]));
            } else if (position + 1 < count) {
                siblings.add(ByteString.copyFrom(level[position + 1]));
            }
            int parents = (count + 1) / 2;
            for (int i = 0; i < count / 2; i++) {
                level[i] = nodeHash(level[2 * i], level[2 * i + 1]);
            }
            if (count % 2 == 1) {
                level[parents - 1] = level[count - 1];
            }
            count = parents;
            position /= 2;
        }
        return MerkleProof.newBuilder()
                .setLeafIndex(index)
                .setLeafCount(leaves.size())
                .addAllSiblings(siblings)
                .build();
    }

    /** Whether {@code proof} places {@code leaf} in the tree of {@code root}; never throws. */
    public boolean verify(ByteString leaf, MerkleProof proof, ByteString root) {
        long count = proof.getLeafCount();
        long position = proof.getLeafIndex();
        if (count < 1 || position < 0 || position >= count || proof.getSiblingsCount() > SIBLINGS_MAX) {
            return false;
        }
        byte[] hash = leafHash(leaf);
        int used = 0;
        while (count > 1) {
            boolean hasSibling = position % 2 == 1 || position + 1 < count;
            if (hasSibling) {
                if (used >= proof.getSiblingsCount()) {
                    return false;
                }
                byte[] sibling = proof.getSiblings(used++).toByteArray();
                if (sibling.length != suite.hashLength()) {
                    return false;
                }
                hash = position % 2 == 1 ? nodeHash(sibling, hash) : nodeHash(hash, sibling);
            }
            count = (count + 1) / 2;
            position /= 2;
        }
        return used == proof.getSiblingsCount()
                && Arrays.equals(withCount(proof.getLeafCount(), hash), root.toByteArray());
    }

    private byte[] withCount(long count, byte[] top) {
        return suite.hash(ROOT_TAG, ByteBuffer.allocate(Long.BYTES).putLong(count).array(), top);
    }

    private byte[][] leafHashes(List<ByteString> leaves) {
        byte[][] level = new byte[leaves.size()][];
        for (int i = 0; i < level.length; i++) {
            level[i] = leafHash(leaves.get(i));
        }
        return level;
    }

    /** {@code H(0x00 || leaf)} as one array: a 32-byte id then fits one SHA-256 block and one update. */
    private byte[] leafHash(ByteString leaf) {
        byte[] input = new byte[1 + leaf.size()];
        input[0] = LEAF_TAG;
        leaf.copyTo(input, 1);
        return suite.hash(input);
    }

    private byte[] nodeHash(byte[] left, byte[] right) {
        return SparseMerkleTree.nodeHash(suite, left, right);
    }
}
