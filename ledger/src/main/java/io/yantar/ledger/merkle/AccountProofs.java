package io.yantar.ledger.merkle;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.proto.AccountProof;
import io.yantar.proto.AccountState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Account proofs against the state root: the account's leaf and its siblings from the leaf
 * up, empty-subtree siblings omitted and marked by a clear bit in {@code present_bitmap}
 * (bit i of byte i/8, least significant first, is level i above the leaf).
 */
public final class AccountProofs {
    private final CryptoSuite suite;
    private final StateLeaves leaves;

    public AccountProofs(CryptoSuite suite) {
        this.suite = suite;
        this.leaves = new StateLeaves(suite);
    }

    public Optional<AccountProof> prove(SparseMerkleTree tree, Address address, AccountValue value) {
        return tree.siblingsTopDown(address.bytes()).map(topDown -> {
            int depth = topDown.size();
            byte[] bitmap = new byte[(depth + 7) / 8];
            AccountProof.Builder proof = AccountProof.newBuilder()
                    .setAccount(AccountState.newBuilder()
                            .setAddress(address.bytes())
                            .setBalanceKopecks(value.balanceKopecks())
                            .setNonce(value.nextNonce()))
                    .setLeafDepth(depth);
            for (int level = 0; level < depth; level++) {
                byte[] sibling = topDown.get(depth - 1 - level);
                if (!SparseMerkleTree.isEmptyHash(sibling)) {
                    bitmap[level / 8] |= (byte) (1 << (level % 8));
                    proof.addSiblings(ByteString.copyFrom(sibling));
                }
            }
            return proof.setPresentBitmap(ByteString.copyFrom(bitmap)).build();
        });
    }

    /** Whether the proof places the account's balance and nonce under {@code stateRoot}; never throws. */
    public boolean verify(AccountProof proof, ByteString stateRoot) {
        AccountState account = proof.getAccount();
        int depth = proof.getLeafDepth();
        if (!Address.isAddressBytes(account.getAddress()) || account.getBalanceKopecks() < 0
                || depth > Address.LENGTH * 8 || proof.getPresentBitmap().size() != (depth + 7) / 8) {
            return false;
        }
        byte[] bitmap = proof.getPresentBitmap().toByteArray();
        List<byte[]> siblings = new ArrayList<>(depth);
        int used = 0;
        for (int level = 0; level < depth; level++) {
            boolean present = (bitmap[level / 8] & (1 << (level % 8))) != 0;
            if (!present) {
                siblings.add(new byte[suite.hashLength()]);
                continue;
            }
            if (used >= proof.getSiblingsCount()) {
                return false;
            }
            byte[] sibling = proof.getSiblings(used++).toByteArray();
            if (sibling.length != suite.hashLength() || SparseMerkleTree.isEmptyHash(sibling)) {
                return false;
            }
            siblings.add(sibling);
        }
        if (used != proof.getSiblingsCount() || hasBitsBeyond(bitmap, depth)) {
            return false;
        }
        Address address = new Address(account.getAddress());
        byte[] leaf = leaves.accountLeaf(address, new AccountValue(account.getBalanceKopecks(), account.getNonce()));
        byte[] root = SparseMerkleTree.foldUp(suite, address.bytes(), leaf, siblings);
        return Arrays.equals(root, stateRoot.toByteArray());
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
