package io.yantar.ledger.merkle;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * A compact sparse Merkle tree over fixed-length keys: the path of a key is its bits, most
 * significant first, but a subtree holding a single leaf is that leaf (so paths are about
 * log2(n) deep, not key-length deep). The root depends only on the set of (key, leaf hash)
 * pairs, never on insertion order. An empty subtree hashes to zeros; an inner node to
 * {@code H(0x01 || left || right)}; leaf hashes are supplied by the caller and must be
 * domain-separated from inner nodes (see {@link StateLeaves}).
 *
 * <p>Updates only clear the cached hashes on their path, so {@link #root()} rehashes just
 * the paths touched since the last call: the incremental update per block.
 */
public final class SparseMerkleTree {
    private static final byte NODE_TAG = 0x01;

    private final CryptoSuite suite;
    private final int keyBits;
    private final byte[] emptyHash;
    private Node root;
    private int size;

    public SparseMerkleTree(CryptoSuite suite, int keyBytes) {
        this.suite = suite;
        this.keyBits = keyBytes * 8;
        this.emptyHash = new byte[suite.hashLength()];
    }

    public int size() {
        return size;
    }

    /** Sets the leaf of {@code key} to {@code leafHash}, inserting it if absent. */
    public void put(ByteString key, byte[] leafHash) {
        if (key.size() * 8 != keyBits) {
            throw new IllegalArgumentException("keys are " + keyBits / 8 + " bytes, got " + key.size());
        }
        root = put(root, 0, key, leafHash);
    }

    public byte[] root() {
        return hashOf(root).clone();
    }

    /** The siblings from the root down to the key's leaf, or empty when the key is absent. */
    public Optional<List<byte[]>> siblingsTopDown(ByteString key) {
        Path path = path(key);
        return key.equals(path.terminalKey()) ? Optional.of(path.siblingsTopDown()) : Optional.empty();
    }

    /**
     * Where {@code key}'s path ends: the siblings from the root down, and the key of the leaf
     * at the end ({@code null} when the path ends in an empty subtree).
     */
    public Path path(ByteString key) {
        List<byte[]> siblings = new ArrayList<>();
        Node node = root;
        int depth = 0;
        while (node instanceof Branch branch) {
            boolean right = bit(key, depth);
            siblings.add(hashOf(right ? branch.left : branch.right));
            node = right ? branch.right : branch.left;
            depth++;
        }
        ByteString terminalKey = node instanceof Leaf leaf ? leaf.key : null;
        return new Path(Collections.unmodifiableList(siblings), terminalKey);
    }

    /** A key's path: siblings from the root down, and the key of the leaf it ends at (null: empty). */
    public record Path(List<byte[]> siblingsTopDown, ByteString terminalKey) {
    }

    /** Folds a leaf hash up through siblings (deepest first) along {@code key}'s path. */
    public static byte[] foldUp(CryptoSuite suite, ByteString key, byte[] leafHash, List<byte[]> siblingsLeafUp) {
        byte[] hash = leafHash;
        int depth = siblingsLeafUp.size();
        for (byte[] sibling : siblingsLeafUp) {
            depth--;
            hash = bit(key, depth) ? nodeHash(suite, sibling, hash) : nodeHash(suite, hash, sibling);
        }
        return hash;
    }

    private Node put(Node node, int depth, ByteString key, byte[] leafHash) {
        if (node == null) {
            size++;
            return new Leaf(key, leafHash);
        }
        if (node instanceof Leaf leaf) {
            if (leaf.key.equals(key)) {
                leaf.hash = leafHash;
                return leaf;
            }
            size++;
            return split(leaf, new Leaf(key, leafHash), depth);
        }
        Branch branch = (Branch) node;
        branch.hash = null;
        if (bit(key, depth)) {
            branch.right = put(branch.right, depth + 1, key, leafHash);
        } else {
            branch.left = put(branch.left, depth + 1, key, leafHash);
        }
        return branch;
    }

    /** A branch at {@code depth} separating two distinct leaves, with branches below while their bits agree. */
    private Branch split(Leaf existing, Leaf added, int depth) {
        Branch branch = new Branch();
        boolean existingRight = bit(existing.key, depth);
        if (existingRight != bit(added.key, depth)) {
            branch.left = existingRight ? added : existing;
            branch.right = existingRight ? existing : added;
        } else if (existingRight) {
            branch.right = split(existing, added, depth + 1);
        } else {
            branch.left = split(existing, added, depth + 1);
        }
        return branch;
    }

    private byte[] hashOf(Node node) {
        if (node == null) {
            return emptyHash;
        }
        if (node instanceof Leaf leaf) {
            return leaf.hash;
        }
        Branch branch = (Branch) node;
        if (branch.hash == null) {
            branch.hash = nodeHash(suite, hashOf(branch.left), hashOf(branch.right));
        }
        return branch.hash;
    }

    /** {@code H(0x01 || left || right)}, hashed as one array: one digest update is measurably cheaper than three. */
    static byte[] nodeHash(CryptoSuite suite, byte[] left, byte[] right) {
        byte[] input = new byte[1 + left.length + right.length];
        input[0] = NODE_TAG;
        System.arraycopy(left, 0, input, 1, left.length);
        System.arraycopy(right, 0, input, 1 + left.length, right.length);
        return suite.hash(input);
    }

    static boolean bit(ByteString key, int index) {
        return ((key.byteAt(index >>> 3) >>> (7 - (index & 7))) & 1) == 1;
    }

    public static boolean isEmptyHash(byte[] hash) {
        for (byte b : hash) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private sealed interface Node permits Leaf, Branch {
    }

    private static final class Leaf implements Node {
        private final ByteString key;
        private byte[] hash;

        private Leaf(ByteString key, byte[] hash) {
            this.key = key;
            this.hash = hash;
        }
    }

    private static final class Branch implements Node {
        private Node left;
        private Node right;
        private byte[] hash;
    }
}
