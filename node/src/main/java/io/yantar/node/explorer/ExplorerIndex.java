package io.yantar.node.explorer;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.crypto.CryptoSuite;
import io.yantar.crypto.Hex;
import io.yantar.ledger.account.Address;
import io.yantar.proto.Block;
import io.yantar.proto.Payment;
import io.yantar.proto.Receipt;
import io.yantar.proto.SignedTransaction;
import io.yantar.proto.Transaction;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the explorer shows that the API does not keep: each account's recent transactions and
 * each social-payment program's runs and totals. Built from committed blocks applied in height
 * order; pure (no clock, no I/O), so the same blocks always give the same index. Only
 * successful disbursements count towards a program: a refused run paid nobody.
 */
public final class ExplorerIndex {

    /** One successful disbursement of a program. */
    public record ProgramRun(long height, long timestampMillis, String txId, long paidKopecks, int beneficiaries) {
    }

    public record ProgramTotals(String programId, long runs, long paidKopecks, long beneficiaries, List<ProgramRun> recentRuns) {
    }

    /** One transaction touching an account; {@code direction} is "out", "in" or "self". */
    public record AccountEntry(String txId, long height, int index, long timestampMillis, String kind, String direction,
                               ByteString counterparty, long amountKopecks, boolean success, String reasonCode) {
    }

    private final CryptoSuite suite;
    private final ExplorerSettings settings;
    private final Map<ByteString, Deque<AccountEntry>> histories = new HashMap<>();
    private final Map<String, MutableProgram> programs = new TreeMap<>();
    private long indexedHeight;

    public ExplorerIndex(CryptoSuite suite, ExplorerSettings settings) {
        this.suite = suite;
        this.settings = settings;
    }

    private static final class MutableProgram {
        long runs;
        long paidKopecks;
        long beneficiaries;
        final Deque<ProgramRun> recent = new ArrayDeque<>();
    }

    /** The highest height applied so far (0 before any). */
    public synchronized long indexedHeight() {
        return indexedHeight;
    }

    /** Applies the block at {@code indexedHeight() + 1}; any other height is a caller bug. */
    public synchronized void apply(Block block) {
        long height = block.getHeader().getHeight();
        if (height != indexedHeight + 1) {
            throw new IllegalStateException("the explorer index is at height " + indexedHeight + " and was given block " + height);
        }
        for (int index = 0; index < block.getTransactionsCount(); index++) {
            Optional<Receipt> receipt = index < block.getReceiptsCount() ? Optional.of(block.getReceipts(index)) : Optional.empty();
            applyTransaction(block, index, block.getTransactions(index), receipt);
        }
        indexedHeight = height;
    }

    /** Newest first. */
    public synchronized List<AccountEntry> history(ByteString address) {
        Deque<AccountEntry> entries = histories.get(address);
        return entries == null ? List.of() : List.copyOf(entries);
    }

    public synchronized List<ProgramTotals> programs() {
        List<ProgramTotals> totals = new ArrayList<>(programs.size());
        programs.forEach((id, program) -> totals.add(new ProgramTotals(id, program.runs, program.paidKopecks,
                program.beneficiaries, List.copyOf(program.recent))));
        return totals;
    }

    private void applyTransaction(Block block, int index, ByteString payload, Optional<Receipt> receipt) {
        Transaction transaction;
        try {
            transaction = Transaction.parseFrom(SignedTransaction.parseFrom(payload).getTransaction());
        } catch (InvalidProtocolBufferException malformed) {
            return; // a malformed payload was refused by execution and touches no account
        }
        String txId = Hex.encode(suite.hash(payload.toByteArray()));
        long height = block.getHeader().getHeight();
        long timestamp = block.getHeader().getTimestampMillis();
        boolean success = receipt.map(Receipt::getSuccess).orElse(false);
        String reason = receipt.map(Receipt::getReasonCode).orElse("");
        ByteString sender = Address.ofPublicKey(suite, transaction.getSenderPublicKey()).bytes();
        switch (transaction.getKindCase()) {
            case TRANSFER -> {
                ByteString recipient = transaction.getTransfer().getRecipient();
                long amount = transaction.getTransfer().getAmountKopecks();
                boolean self = recipient.equals(sender);
                record(sender, new AccountEntry(txId, height, index, timestamp, "transfer", self ? "self" : "out", recipient,
                        amount, success, reason));
                if (!self && Address.isAddressBytes(recipient)) {
                    record(recipient, new AccountEntry(txId, height, index, timestamp, "transfer", "in", sender, amount, success, reason));
                }
            }
            case ISSUE -> record(sender, new AccountEntry(txId, height, index, timestamp, "issue", "in", ByteString.EMPTY,
                    transaction.getIssue().getAmountKopecks(), success, reason));
            case DISBURSE -> applyDisbursement(transaction, sender, txId, height, index, timestamp, success, reason);
            default -> record(sender, new AccountEntry(txId, height, index, timestamp,
                    transaction.getKindCase().name().toLowerCase(Locale.ROOT), "out", ByteString.EMPTY, 0, success, reason));
        }
    }

    private void applyDisbursement(Transaction transaction, ByteString sender, String txId, long height, int index, long timestamp,
                                   boolean success, String reason) {
        long total = 0;
        for (Payment line : transaction.getDisburse().getLinesList()) {
            total = saturatingAdd(total, line.getAmountKopecks());
            if (success && Address.isAddressBytes(line.getBeneficiary())) {
                record(line.getBeneficiary(), new AccountEntry(txId, height, index, timestamp, "disburse", "in", sender,
                        line.getAmountKopecks(), true, ""));
            }
        }
        record(sender, new AccountEntry(txId, height, index, timestamp, "disburse", "out", ByteString.EMPTY, total, success, reason));
        if (!success) {
            return;
        }
        MutableProgram program = programs.computeIfAbsent(transaction.getDisburse().getProgramId(), id -> new MutableProgram());
        program.runs++;
        program.paidKopecks = saturatingAdd(program.paidKopecks, total);
        // The ledger pays a beneficiary at most once per program, so paid lines are distinct beneficiaries.
        program.beneficiaries += transaction.getDisburse().getLinesCount();
        program.recent.addLast(new ProgramRun(height, timestamp, txId, total, transaction.getDisburse().getLinesCount()));
        while (program.recent.size() > settings.runsPerProgramMax()) {
            program.recent.removeFirst();
        }
    }

    private void record(ByteString address, AccountEntry entry) {
        Deque<AccountEntry> entries = histories.get(address);
        if (entries == null) {
            if (histories.size() >= settings.accountsMax()) {
                return;
            }
            entries = new ArrayDeque<>();
            histories.put(address, entries);
        }
        entries.addFirst(entry);
        while (entries.size() > settings.historyEntriesPerAccountMax()) {
            entries.removeLast();
        }
    }

    private static long saturatingAdd(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
