package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.Role;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.merkle.AccountProofs;
import io.yantar.ledger.merkle.SparseMerkleTree;
import io.yantar.ledger.merkle.StateLeaves;
import io.yantar.proto.AccountAbsenceProof;
import io.yantar.proto.AccountProof;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The ledger after some height: accounts (balance and next nonce), roles and governance,
 * the beneficiaries each program has paid, the sparse Merkle tree that authenticates them,
 * and the tip of the chain. Only this
 * package's executors change it; accounts touched since the last {@link #stateRoot()} are
 * rehashed then, so the root is updated incrementally, block by block.
 */
public final class LedgerState {
    private final CryptoSuite suite;
    private final String chainId;
    private final LedgerLimits limits;
    private final Map<Address, AccountValue> accounts = new HashMap<>();
    private Map<Address, AccountValue> touchedAccounts = new HashMap<>();
    private final Set<PaidBeneficiary> paidBeneficiaries = new HashSet<>();
    private List<PaidBeneficiary> newlyPaid = new ArrayList<>();
    private final SparseMerkleTree tree;
    private final StateLeaves leaves;
    private final GovernanceState governance;
    private long height;
    private ByteString lastBlockHash = ByteString.EMPTY;
    private long lastTimestampMillis;
    private long totalIssuedKopecks;

    LedgerState(CryptoSuite suite, String chainId, LedgerLimits limits, GovernanceState governance) {
        this.suite = suite;
        this.chainId = chainId;
        this.limits = limits;
        this.governance = governance;
        this.tree = new SparseMerkleTree(suite, Address.LENGTH);
        this.leaves = new StateLeaves(suite);
    }

    public CryptoSuite suite() {
        return suite;
    }

    public String chainId() {
        return chainId;
    }

    public LedgerLimits limits() {
        return limits;
    }

    /** The epoch of the last executed block. */
    public long epoch() {
        return governance.validatorHistory().setAt(height).getEpoch();
    }

    /** The validator set of every epoch so far and the next one once scheduled. */
    public ValidatorHistory validatorHistory() {
        return governance.validatorHistory();
    }

    /** The height of the last executed block (0 after the genesis). */
    public long height() {
        return height;
    }

    public ByteString lastBlockHash() {
        return lastBlockHash;
    }

    public long lastTimestampMillis() {
        return lastTimestampMillis;
    }

    /** Money created so far: genesis balances plus every successful ISSUE. Equals the sum of balances. */
    public long totalIssuedKopecks() {
        return totalIssuedKopecks;
    }

    public AccountValue account(Address address) {
        return accounts.getOrDefault(address, AccountValue.EMPTY);
    }

    public Map<Address, AccountValue> accounts() {
        return Collections.unmodifiableMap(accounts);
    }

    /** Whether {@code programId} already paid {@code beneficiary}. */
    public boolean wasPaid(String programId, ByteString beneficiary) {
        return paidBeneficiaries.contains(new PaidBeneficiary(programId, beneficiary));
    }

    public Set<PaidBeneficiary> paidBeneficiaries() {
        return Collections.unmodifiableSet(paidBeneficiaries);
    }

    public boolean hasRole(ByteString publicKey, Role role) {
        return governance.hasRole(publicKey, role);
    }

    public GovernanceState governance() {
        return governance;
    }

    /** The root of the state tree, after rehashing what changed since the last call. */
    public ByteString stateRoot() {
        touchedAccounts.forEach((address, value) -> tree.put(address.bytes(), leaves.accountLeaf(address, value)));
        // A fresh map, not clear(): a cleared HashMap keeps its largest table (the genesis
        // touches every account) and iterating it would cost that much in every block.
        touchedAccounts = new HashMap<>();
        for (PaidBeneficiary paid : newlyPaid) {
            ByteString key = leaves.programPaymentKey(paid.programId(), paid.beneficiary());
            tree.put(key, leaves.programPaymentLeaf(key));
        }
        newlyPaid = new ArrayList<>();
        if (governance.takeChangedSinceHashed()) {
            tree.put(leaves.authorityKey(), leaves.authorityLeaf(Canonical.bytes(governance.toProto())));
        }
        return ByteString.copyFrom(tree.root());
    }

    /** A proof of the account's balance and nonce under {@link #stateRoot()}; empty for an unknown account. */
    public Optional<AccountProof> accountProof(Address address) {
        stateRoot();
        AccountValue value = accounts.get(address);
        if (value == null) {
            return Optional.empty();
        }
        return new AccountProofs(suite).prove(tree, address, value);
    }

    /** A proof that {@code address} has no account under {@link #stateRoot()}; empty when it has one. */
    public Optional<AccountAbsenceProof> accountAbsenceProof(Address address) {
        stateRoot();
        if (accounts.containsKey(address)) {
            return Optional.empty();
        }
        return new AccountProofs(suite).proveAbsence(tree, address, this::leafSuffix);
    }

    /** The suffix of the leaf at {@code key}: an account, the authority state or a program payment. */
    private byte[] leafSuffix(ByteString key) {
        AccountValue account = accounts.get(new Address(key));
        if (account != null) {
            return StateLeaves.accountSuffix(account);
        }
        if (key.equals(leaves.authorityKey())) {
            return leaves.authoritySuffix(Canonical.bytes(governance.toProto()));
        }
        return StateLeaves.programPaymentSuffix();
    }

    void putAccount(Address address, AccountValue value) {
        accounts.put(address, value);
        touchedAccounts.put(address, value);
    }

    void recordPaid(PaidBeneficiary paid) {
        if (paidBeneficiaries.add(paid)) {
            newlyPaid.add(paid);
        }
    }

    void addIssued(long kopecks) {
        totalIssuedKopecks = Math.addExact(totalIssuedKopecks, kopecks);
    }

    void advanceTip(long newHeight, ByteString blockHash, long timestampMillis) {
        if (newHeight != height + 1) {
            throw new IllegalStateException("height " + newHeight + " does not follow " + height);
        }
        setTip(newHeight, blockHash, timestampMillis);
    }

    /** For the genesis and snapshot restore, which start the chain at a given tip. */
    void setTip(long newHeight, ByteString blockHash, long timestampMillis) {
        height = newHeight;
        lastBlockHash = blockHash;
        lastTimestampMillis = timestampMillis;
    }
}
