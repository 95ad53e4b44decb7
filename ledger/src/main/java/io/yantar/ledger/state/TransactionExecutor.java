package io.yantar.ledger.state;

import io.yantar.ledger.account.AccountValue;
import io.yantar.ledger.account.Address;
import io.yantar.ledger.account.Role;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.ledger.tx.Refusal;
import io.yantar.ledger.tx.ValidatedTransaction;
import io.yantar.proto.Disburse;
import io.yantar.proto.Governance;
import io.yantar.proto.Payment;
import io.yantar.proto.Transaction;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stateful execution of one validated transaction: nonce, role, program rules, funds, then
 * the effect. The program rule: a beneficiary is paid at most once per program id, however
 * many disbursements a run is split into.
 * All or nothing: effects are staged and written only when nothing refused. A transaction
 * whose nonce was the account's next one consumes it even when it then fails (like a signed
 * cheque that bounced), so a failed transaction can never execute later by surprise.
 */
final class TransactionExecutor {
    private final LedgerState state;

    TransactionExecutor(LedgerState state) {
        this.state = state;
    }

    Optional<Refusal> execute(ValidatedTransaction validated, long height) {
        Transaction tx = validated.transaction();
        Address sender = validated.sender();
        AccountValue senderValue = state.account(sender);
        int nonceOrder = Long.compareUnsigned(tx.getNonce(), senderValue.nextNonce());
        if (nonceOrder < 0) {
            return refuse(ReasonCode.NONCE_REPLAYED, "nonce " + Long.toUnsignedString(tx.getNonce())
                    + " was used; the next is " + senderValue.nextNonce());
        }
        if (nonceOrder > 0) {
            return refuse(ReasonCode.NONCE_AHEAD, "nonce " + Long.toUnsignedString(tx.getNonce())
                    + " is ahead of the next nonce " + senderValue.nextNonce());
        }
        Changes changes = new Changes(state);
        changes.put(sender, senderValue.withNonceUsed());
        Optional<Refusal> refusal = switch (tx.getKindCase()) {
            case TRANSFER -> transfer(changes, sender, new Address(tx.getTransfer().getRecipient()),
                    tx.getTransfer().getAmountKopecks());
            case ISSUE -> issue(changes, validated, tx.getIssue().getAmountKopecks());
            case DISBURSE -> disburse(changes, validated, tx.getDisburse());
            case GOVERNANCE -> governance(validated, tx.getGovernance(), height);
            case KIND_NOT_SET -> throw new IllegalStateException("stateless validation admits no transaction without a kind");
        };
        if (refusal.isPresent()) {
            state.putAccount(sender, senderValue.withNonceUsed());
            return refusal;
        }
        changes.writeTo(state);
        return Optional.empty();
    }

    private Optional<Refusal> transfer(Changes changes, Address sender, Address recipient, long amount) {
        if (changes.get(sender).balanceKopecks() < amount) {
            return refuse(ReasonCode.INSUFFICIENT_FUNDS, "the balance " + changes.get(sender).balanceKopecks()
                    + " kopecks does not cover " + amount);
        }
        changes.debit(sender, amount);
        changes.credit(recipient, amount);
        return Optional.empty();
    }

    private Optional<Refusal> issue(Changes changes, ValidatedTransaction validated, long amount) {
        if (!state.hasRole(validated.senderPublicKey(), Role.ISSUER)) {
            return refuse(ReasonCode.NOT_ISSUER, "the sender is not an issuer");
        }
        try {
            Math.addExact(state.totalIssuedKopecks(), amount);
        } catch (ArithmeticException overflow) {
            return refuse(ReasonCode.SUPPLY_OVERFLOW, "issuing " + amount + " kopecks overflows the money supply");
        }
        changes.credit(validated.sender(), amount);
        changes.issuedKopecks = amount;
        return Optional.empty();
    }

    private Optional<Refusal> disburse(Changes changes, ValidatedTransaction validated, Disburse disburse) {
        if (!state.hasRole(validated.senderPublicKey(), Role.ISSUER)) {
            return refuse(ReasonCode.NOT_ISSUER, "only the treasury (an issuer) may disburse");
        }
        // The lines' total cannot overflow: stateless validation checked it.
        long total = 0;
        for (Payment line : disburse.getLinesList()) {
            total += line.getAmountKopecks();
        }
        String program = disburse.getProgramId();
        for (int i = 0; i < disburse.getLinesCount(); i++) {
            if (state.wasPaid(program, disburse.getLines(i).getBeneficiary())) {
                return refuse(ReasonCode.ALREADY_PAID_IN_PROGRAM, "line " + i + ": the beneficiary was already paid by "
                        + program);
            }
        }
        Address treasury = validated.sender();
        if (changes.get(treasury).balanceKopecks() < total) {
            return refuse(ReasonCode.INSUFFICIENT_FUNDS, "the treasury balance " + changes.get(treasury).balanceKopecks()
                    + " kopecks does not cover the run's total of " + total);
        }
        changes.debit(treasury, total);
        for (Payment line : disburse.getLinesList()) {
            changes.credit(new Address(line.getBeneficiary()), line.getAmountKopecks());
            changes.paid.add(new PaidBeneficiary(program, line.getBeneficiary()));
        }
        return Optional.empty();
    }

    private Optional<Refusal> governance(ValidatedTransaction validated, Governance governance, long height) {
        GovernanceState rules = state.governance();
        if (governance.hasApprove()) {
            return rules.approve(governance.getApprove(), validated.senderPublicKey(), height, state.limits());
        }
        return rules.propose(validated.txId(), validated.senderPublicKey(), governance, height, state.limits());
    }

    private static Optional<Refusal> refuse(ReasonCode code, String detail) {
        return Optional.of(Refusal.of(code, detail));
    }

    /** Account values staged by one transaction, over the ledger's current ones. */
    private static final class Changes {
        private final LedgerState base;
        private final Map<Address, AccountValue> staged = new HashMap<>();
        private long issuedKopecks;
        private final List<PaidBeneficiary> paid = new ArrayList<>();

        Changes(LedgerState base) {
            this.base = base;
        }

        AccountValue get(Address address) {
            AccountValue value = staged.get(address);
            return value != null ? value : base.account(address);
        }

        void put(Address address, AccountValue value) {
            staged.put(address, value);
        }

        void debit(Address address, long amount) {
            AccountValue value = get(address);
            put(address, value.withBalance(Math.subtractExact(value.balanceKopecks(), amount)));
        }

        /** Cannot overflow while the supply fits a long; addExact makes a broken invariant loud. */
        void credit(Address address, long amount) {
            AccountValue value = get(address);
            put(address, value.withBalance(Math.addExact(value.balanceKopecks(), amount)));
        }

        void writeTo(LedgerState state) {
            staged.forEach(state::putAccount);
            if (issuedKopecks != 0) {
                state.addIssued(issuedKopecks);
            }
            paid.forEach(state::recordPaid);
        }
    }
}
