package io.yantar.ledger.merkle;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.proto.AccountAbsenceProof;
import io.yantar.proto.AccountProof;
import io.yantar.proto.AccountState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Account proofs against the state root: the account's leaf (or, for absence, the end of its
 * key's path) and the siblings from there up, empty-subtree siblings omitted and marked by a
 * clear bit in {@code present_bitmap} (bit i of byte i/8, least significant first, is level i
 * above the leaf).
 */
public final class AccountProofs {
    /** The longest leaf suffix of the state tree is the authority state's hash; bound what a proof may claim. */
    private static final int SUFFIX_BYTES_MAX = 64;

    private final CryptoSuite suite;
    private final StateLeaves leaves;

    public AccountProofs(CryptoSuite suite) {
        this.suite = suite;
        this.leaves = new StateLeaves(suite);
    }

    public Optional<AccountProof> prove(SparseMerkleTree tree, Address address, AccountValue value) {
        return tree.siblingsTopDown(address.bytes()).map(topDown -> {
            AccountProof.Builder proof = AccountProof.newBuilder()
                    .setAccount(AccountState.newBuilder()
                            .setAddress(address.bytes())
                            .setBalanceKopecks(value.balanceKopecks())
                            .setNonce(value.nextNonce()))
                    .setLeafDepth(topDown.size());
            proof.setPresentBitmap(encodeSiblings(topDown, proof::addSiblings));
            return proof.build();
        });
    }

    /**
     * A proof that {@code address} has no leaf, or empty when it has one. {@code suffixOf}
     * gives the suffix of the leaf of another key the path may end at.
     */
    public Optional<AccountAbsenceProof> proveAbsence(SparseMerkleTree tree, Address address,
                                                      Function<ByteString, byte[]> suffixOf) {
        SparseMerkleTree.Path path = tree.path(address.bytes());
        if (address.bytes().equals(path.terminalKey())) {
            return Optional.empty();
        }
        AccountAbsenceProof.Builder proof = AccountAbsenceProof.newBuilder()
                .setAddress(address.bytes())
                .setDepth(path.siblingsTopDown().size());
        proof.setPresentBitmap(encodeSiblings(path.siblingsTopDown(), proof::addSiblings));
        if (path.terminalKey() != null) {
            proof.setOtherLeafKey(path.terminalKey()).setOtherLeafSuffix(ByteString.copyFrom(suffixOf.apply(path.terminalKey())));
        }
        return Optional.of(proof.build());
    }

    /** Whether the proof places the account's balance and nonce under {@code stateRoot}; never throws. */
    public boolean verify(AccountProof proof, ByteString stateRoot) {
        AccountState account = proof.getAccount();
        if (!Address.isAddressBytes(account.getAddress()) || account.getBalanceKopecks() < 0) {
            return false;
        }
        Optional<List<byte[]>> siblings = decodeSiblings(proof.getLeafDepth(), proof.getPresentBitmap(), proof.getSiblingsList());
        if (siblings.isEmpty()) {
            return false;
        }
        Address address = new Address(account.getAddress());
        byte[] leaf = leaves.accountLeaf(address, new AccountValue(account.getBalanceKopecks(), account.getNonce()));
        return Arrays.equals(SparseMerkleTree.foldUp(suite, address.bytes(), leaf, siblings.get()), stateRoot.toByteArray());
    }

    /**
     * Whether the proof shows that {@code proof.address} has no account under {@code stateRoot}:
     * its path ends in an empty subtree, or in the leaf of another key with the same path prefix
     * (rebuilt from its preimage, so an inner node cannot pose as that leaf). Never throws.
     */
    public boolean verifyAbsence(AccountAbsenceProof proof, ByteString stateRoot) {
        ByteString address = proof.getAddress();
        int depth = proof.getDepth();
        if (!Address.isAddressBytes(address)) {
            return false;
        }
        Optional<List<byte[]>> siblings = decodeSiblings(depth, proof.getPresentBitmap(), proof.getSiblingsList());
        if (siblings.isEmpty()) {
            return false;
        }
        byte[] terminal;
        ByteString otherKey = proof.getOtherLeafKey();
        if (otherKey.isEmpty()) {
            if (!proof.getOtherLeafSuffix().isEmpty()) {
                return false;
            }
            terminal = new byte[suite.hashLength()];
        } else {
            if (!Address.isAddressBytes(otherKey) || otherKey.equals(address) || !samePrefix(otherKey, address, depth)
                    || proof.getOtherLeafSuffix().size() > SUFFIX_BYTES_MAX) {
                return false;
            }
            terminal = leaves.leaf(otherKey, proof.getOtherLeafSuffix().toByteArray());
        }
        return Arrays.equals(SparseMerkleTree.foldUp(suite, address, terminal, siblings.get()), stateRoot.toByteArray());
    }

    private static boolean samePrefix(ByteString a, ByteString b, int bits) {
        for (int i = 0; i < bits; i++) {
            if (SparseMerkleTree.bit(a, i) != SparseMerkleTree.bit(b, i)) {
                return false;
            }
        }
        return true;
    }

    /** Adds the non-empty siblings leaf-up and returns the bitmap marking them. */
    private static ByteString encodeSiblings(List<byte[]> topDown, java.util.function.Consumer<ByteString> add) {
        int depth = topDown.size();
        byte[] bitmap = new byte[(depth + 7) / 8];
        for (int level = 0; level < depth; level++) {
            byte[] sibling = topDown.get(depth - 1 - level);
            if (!SparseMerkleTree.isEmptyHash(sibling)) {
                bitmap[level / 8] |= (byte) (1 << (level % 8));
                add.accept(ByteString.copyFrom(sibling));
            }
        }
        return ByteString.copyFrom(bitmap);
    }

    /** The siblings leaf-up with the omitted empty ones restored, or empty when the encoding is malformed. */
    private Optional<List<byte[]>> decodeSiblings(int depth, ByteString presentBitmap, List<ByteString> present) {
        if (depth < 0 || depth > Address.LENGTH * 8 || presentBitmap.size() != (depth + 7) / 8) {
            return Optional.empty();
        }
        byte[] bitmap = presentBitmap.toByteArray();
        List<byte[]> siblings = new ArrayList<>(depth);
        int used = 0;
        for (int level = 0; level < depth; level++) {
            if ((bitmap[level / 8] & (1 << (level % 8))) == 0) {
                siblings.add(new byte[suite.hashLength()]);
                continue;
            }
            if (used >= present.size()) {
                return Optional.empty();
            }
            byte[] sibling = present.get(used++).toByteArray();
            if (sibling.length != suite.hashLength() || SparseMerkleTree.isEmptyHash(sibling)) {
                return Optional.empty();
            }
            siblings.add(sibling);
        }
        if (used != present.size() || hasBitsBeyond(bitmap, depth)) {
            return Optional.empty();
        }
        return Optional.of(siblings);
    }

    private static boolean hasBitsBeyond(byte[] bitmap, int depth) {
        for (int bit = depth; bit < bitmap.length * 8; bit++) {
            if ((bitmap[bit / 8] & (1 << (bit % 8))) != 0) {
                return true;
            }
        }
        return false;
    }
}
