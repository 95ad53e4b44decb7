package io.yantar.ledger.state;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.Parsed;
import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.epoch.EpochRules;
import io.yantar.proto.AccountState;
import io.yantar.proto.Genesis;
import io.yantar.proto.LedgerSnapshot;
import io.yantar.proto.LedgerSnapshotExtra;
import io.yantar.proto.ProgramPayment;
import java.util.Map;
import java.util.TreeMap;

/**
 * Exports the ledger state to a {@link LedgerSnapshot} and restores it. A restored state
 * must reproduce the snapshot's state root (which authenticates balances, nonces, roles and
 * governance), so a snapshot from an untrusted peer is checked against a certified header's
 * root before use. The money supply is not stored: it equals the sum of the balances.
 */
public final class Snapshots {
    private Snapshots() {
    }

    public static LedgerSnapshot export(LedgerState state) {
        ByteString stateRoot = state.stateRoot();
        LedgerSnapshot.Builder snapshot = LedgerSnapshot.newBuilder()
                .setHeight(state.height())
                .setBlockHash(state.lastBlockHash())
                .setStateRoot(stateRoot);
        Map<Address, AccountValue> sorted = new TreeMap<>(state.accounts());
        sorted.forEach((address, value) -> snapshot.addAccounts(AccountState.newBuilder()
                .setAddress(address.bytes())
                .setBalanceKopecks(value.balanceKopecks())
                .setNonce(value.nextNonce())));
        LedgerSnapshotExtra.Builder extra = LedgerSnapshotExtra.newBuilder()
                .setChainId(state.chainId())
                .setLastTimestampMillis(state.lastTimestampMillis())
                .setEpoch(state.epoch())
                .setAuthorityState(state.governance().toProto());
        state.paidBeneficiaries().stream().sorted(PaidBeneficiary.ORDER).forEach(paid -> extra.addProgramPayments(
                ProgramPayment.newBuilder().setProgramId(paid.programId()).setBeneficiary(paid.beneficiary())));
        return snapshot.setExtra(ByteString.copyFrom(Canonical.bytes(extra.build()))).build();
    }

    /** Restores a snapshot of the chain that {@code genesis} starts (its validator set and epoch rules). */
    public static Parsed<LedgerState> restore(LedgerSnapshot snapshot, Genesis genesis, CryptoSuite suite,
                                              LedgerLimits limits) {
        LedgerSnapshotExtra extra;
        try {
            extra = LedgerSnapshotExtra.parseFrom(snapshot.getExtra());
        } catch (InvalidProtocolBufferException e) {
            return Parsed.rejected("the snapshot's extra state does not parse");
        }
        GovernanceState governance;
        try {
            governance = GovernanceState.fromProto(extra.getAuthorityState(), genesis.getValidators(),
                    EpochRules.of(genesis.getConsensus()));
        } catch (IllegalArgumentException badAuthorityState) {
            return Parsed.rejected("the snapshot's authority state is unusable: " + badAuthorityState.getMessage());
        }
        if (!genesis.getChainId().equals(extra.getChainId())) {
            return Parsed.rejected("the snapshot is of chain '" + extra.getChainId() + "', not '" + genesis.getChainId() + "'");
        }
        LedgerState state = new LedgerState(suite, extra.getChainId(), limits, governance);
        for (AccountState account : snapshot.getAccountsList()) {
            if (!Address.isAddressBytes(account.getAddress()) || account.getBalanceKopecks() < 0) {
                return Parsed.rejected("the snapshot holds a malformed account");
            }
            Address address = new Address(account.getAddress());
            if (state.accounts().containsKey(address)) {
                return Parsed.rejected("the snapshot holds account " + address + " twice");
            }
            state.putAccount(address, new AccountValue(account.getBalanceKopecks(), account.getNonce()));
            try {
                state.addIssued(account.getBalanceKopecks());
            } catch (ArithmeticException overflow) {
                return Parsed.rejected("the snapshot's balances add up beyond the largest amount");
            }
        }
        for (ProgramPayment paid : extra.getProgramPaymentsList()) {
            state.recordPaid(new PaidBeneficiary(paid.getProgramId(), paid.getBeneficiary()));
        }
        if (!state.stateRoot().equals(snapshot.getStateRoot())) {
            return Parsed.rejected("the restored state does not reproduce the snapshot's state root");
        }
        state.setTip(snapshot.getHeight(), snapshot.getBlockHash(), extra.getLastTimestampMillis());
        return Parsed.ok(state);
    }
}
