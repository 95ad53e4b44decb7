package io.yantar.ledger.tx;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuite;
import io.yantar.ledger.LedgerLimits;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Disburse;
import io.yantar.proto.Issue;
import io.yantar.proto.Payment;
import io.yantar.proto.Transaction;
import io.yantar.proto.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Stateless checks of what each kind of transaction carries. */
final class KindRules {
    private final LedgerLimits limits;
    private final GovernanceSchema governanceSchema;

    KindRules(CryptoSuite suite, LedgerLimits limits) {
        this.limits = limits;
        this.governanceSchema = new GovernanceSchema(suite, limits);
    }

    Optional<Refusal> check(Transaction tx) {
        return switch (tx.getKindCase()) {
            case TRANSFER -> checkTransfer(tx.getTransfer());
            case ISSUE -> checkIssue(tx.getIssue());
            case DISBURSE -> checkDisburse(tx.getDisburse());
            case GOVERNANCE -> governanceSchema.check(tx.getGovernance());
            case KIND_NOT_SET -> Optional.of(Refusal.of(ReasonCode.MISSING_KIND, "the transaction has no kind"));
        };
    }

    private Optional<Refusal> checkTransfer(Transfer transfer) {
        if (!Address.isAddressBytes(transfer.getRecipient())) {
            return refuse(ReasonCode.INVALID_ADDRESS, "the recipient is " + transfer.getRecipient().size() + " bytes, not 20");
        }
        return checkAmount(transfer.getAmountKopecks(), "the transfer amount");
    }

    private Optional<Refusal> checkIssue(Issue issue) {
        int budgetLineBytes = utf8Length(issue.getBudgetLine());
        if (budgetLineBytes == 0 || budgetLineBytes > limits.budgetLineBytesMax()) {
            return refuse(ReasonCode.INVALID_BUDGET_LINE,
                    "the budget line must be 1 to " + limits.budgetLineBytesMax() + " bytes");
        }
        return checkAmount(issue.getAmountKopecks(), "the issued amount");
    }

    private Optional<Refusal> checkDisburse(Disburse disburse) {
        if (!isProgramId(disburse.getProgramId())) {
            return refuse(ReasonCode.INVALID_PROGRAM_ID, "program id '" + disburse.getProgramId()
                    + "' must be 1 to " + limits.programIdBytesMax() + " characters of a-z 0-9 . _ -");
        }
        int lineCount = disburse.getLinesCount();
        if (lineCount == 0) {
            return refuse(ReasonCode.EMPTY_DISBURSEMENT, "the disbursement has no lines");
        }
        if (lineCount > limits.disbursementLinesMax()) {
            return refuse(ReasonCode.TOO_MANY_LINES,
                    "the disbursement has " + lineCount + " lines, at most " + limits.disbursementLinesMax() + " are allowed");
        }
        Set<ByteString> beneficiaries = new HashSet<>(lineCount * 2);
        long total = 0;
        for (int i = 0; i < lineCount; i++) {
            Payment line = disburse.getLines(i);
            if (!Address.isAddressBytes(line.getBeneficiary())) {
                return refuse(ReasonCode.INVALID_ADDRESS, "line " + i + ": the beneficiary is not 20 bytes");
            }
            if (line.getAmountKopecks() <= 0) {
                return refuse(ReasonCode.NON_POSITIVE_AMOUNT, "line " + i + ": the amount must be positive");
            }
            if (!beneficiaries.add(line.getBeneficiary())) {
                return refuse(ReasonCode.DUPLICATE_BENEFICIARY, "line " + i + ": the beneficiary already has a line");
            }
            try {
                total = Math.addExact(total, line.getAmountKopecks());
            } catch (ArithmeticException overflow) {
                return refuse(ReasonCode.AMOUNT_OVERFLOW, "line " + i + ": the total of the lines overflows");
            }
        }
        return Optional.empty();
    }

    private boolean isProgramId(String programId) {
        if (programId.isEmpty() || programId.length() > limits.programIdBytesMax()) {
            return false;
        }
        for (int i = 0; i < programId.length(); i++) {
            char c = programId.charAt(i);
            boolean allowed = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
            if (!allowed) {
                return false;
            }
        }
        return true;
    }

    private static Optional<Refusal> checkAmount(long amountKopecks, String what) {
        if (amountKopecks <= 0) {
            return refuse(ReasonCode.NON_POSITIVE_AMOUNT, what + " must be positive, got " + amountKopecks + " kopecks");
        }
        return Optional.empty();
    }

    static int utf8Length(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length;
    }

    static Optional<Refusal> refuse(ReasonCode code, String detail) {
        return Optional.of(Refusal.of(code, detail));
    }
}
