package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.LedgerQueries.TransactionView;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.proto.Receipt;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Where each transaction this node knows stands: pending (admitted into the mempool and handed
 * to consensus) or committed (with its receipt). Written by the HTTP admission path and the
 * ledger actor, read by HTTP. The pending set is the bounded mempool.
 */
final class TransactionIndex {
    private final ConcurrentHashMap<ByteString, Receipt> committed = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteString, Pending> pending = new ConcurrentHashMap<>();
    /** Pending transactions per sender, so one account cannot fill the mempool. */
    private final ConcurrentHashMap<ByteString, Integer> pendingBySender = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteString, List<CompletableFuture<TransactionView>>> waiters = new ConcurrentHashMap<>();
    private final int pendingMax;
    private final int pendingPerSenderMax;
    private final java.util.function.LongConsumer commitLatencyMillis;

    private record Pending(ByteString sender, long admittedMillis) {
    }

    /**
     * @param pendingPerSenderMax most pending transactions of one sender account
     * @param commitLatencyMillis told, for each payment admitted here, the time from admission to commit
     */
    TransactionIndex(int pendingMax, int pendingPerSenderMax, java.util.function.LongConsumer commitLatencyMillis) {
        this.pendingMax = pendingMax;
        this.pendingPerSenderMax = pendingPerSenderMax;
        this.commitLatencyMillis = commitLatencyMillis;
    }

    enum Admission { ADMITTED, ALREADY_PENDING, ALREADY_COMMITTED, FULL, SENDER_FULL }

    Admission admit(ByteString txId, ByteString sender, long nowMillis) {
        if (committed.containsKey(txId)) {
            return Admission.ALREADY_COMMITTED;
        }
        if (pending.containsKey(txId)) {
            return Admission.ALREADY_PENDING;
        }
        if (pending.size() >= pendingMax) {
            return Admission.FULL;
        }
        boolean[] senderFull = {false};
        pendingBySender.compute(sender, (key, count) -> {
            int now = count == null ? 0 : count;
            senderFull[0] = now >= pendingPerSenderMax;
            return senderFull[0] ? count : now + 1;
        });
        if (senderFull[0]) {
            return Admission.SENDER_FULL;
        }
        if (pending.putIfAbsent(txId, new Pending(sender, nowMillis)) != null) {
            release(sender);
            return Admission.ALREADY_PENDING;
        }
        return Admission.ADMITTED;
    }

    private void release(ByteString sender) {
        pendingBySender.computeIfPresent(sender, (key, count) -> count <= 1 ? null : count - 1);
    }

    /**
     * A block carried {@code txId}. A refusal that does not settle it (NONCE_AHEAD: it is
     * ordered again later) leaves it pending, and a later duplicate's refusal (NONCE_REPLAYED
     * after a view change re-proposed it) never hides its success.
     */
    void committed(ByteString txId, long height, Receipt receipt) {
        if (!ReasonCode.settles(receipt.getSuccess(), receipt.getReasonCode())) {
            return;
        }
        Receipt kept = committed.merge(txId, receipt, (earlier, later) -> earlier.getSuccess() ? earlier : later);
        if (kept != receipt) {
            return;
        }
        Pending admitted = pending.remove(txId);
        if (admitted != null) {
            release(admitted.sender());
            commitLatencyMillis.accept(System.currentTimeMillis() - admitted.admittedMillis());
        }
        List<CompletableFuture<TransactionView>> waiting = waiters.remove(txId);
        if (waiting != null) {
            TransactionView view = view(txId);
            waiting.forEach(future -> future.complete(view));
        }
    }

    /** Pending entries older than {@code cutoffMillis} are dropped (e.g. refused at execution elsewhere, or lost). */
    void expirePending(long cutoffMillis) {
        for (java.util.Map.Entry<ByteString, Pending> entry : pending.entrySet()) {
            if (entry.getValue().admittedMillis() < cutoffMillis && pending.remove(entry.getKey(), entry.getValue())) {
                release(entry.getValue().sender());
            }
        }
    }

    /** When {@code txId} was admitted at this node, while it is pending here; null otherwise. */
    Long admittedAtMillis(ByteString txId) {
        Pending admitted = pending.get(txId);
        return admitted == null ? null : admitted.admittedMillis();
    }

    int pendingCount() {
        return pending.size();
    }

    TransactionView view(ByteString txId) {
        Receipt receipt = committed.get(txId);
        if (receipt != null) {
            return new TransactionView(txId, TransactionStatus.COMMITTED, Optional.of(receipt), receipt.getHeight());
        }
        if (pending.containsKey(txId)) {
            return new TransactionView(txId, TransactionStatus.PENDING, Optional.empty(), 0);
        }
        return new TransactionView(txId, TransactionStatus.UNKNOWN, Optional.empty(), 0);
    }

    Optional<Receipt> receipt(ByteString txId) {
        return Optional.ofNullable(committed.get(txId));
    }

    CompletionStage<TransactionView> awaitCommit(ByteString txId, Duration timeout) {
        CompletableFuture<TransactionView> future = new CompletableFuture<>();
        waiters.computeIfAbsent(txId, id -> new CopyOnWriteArrayList<>()).add(future);
        TransactionView now = view(txId);
        if (now.status() == TransactionStatus.COMMITTED) {
            future.complete(now);
        }
        return future.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS)
                .thenApply(view -> {
                    if (view != null) {
                        return view;
                    }
                    List<CompletableFuture<TransactionView>> waiting = waiters.get(txId);
                    if (waiting != null) {
                        waiting.remove(future);
                    }
                    return view(txId);
                });
    }
}
