package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.LedgerQueries.TransactionView;
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
    private final ConcurrentHashMap<ByteString, Long> pending = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<ByteString, List<CompletableFuture<TransactionView>>> waiters = new ConcurrentHashMap<>();
    private final int pendingMax;
    private final java.util.function.LongConsumer commitLatencyMillis;

    /** @param commitLatencyMillis told, for each payment admitted here, the time from admission to commit */
    TransactionIndex(int pendingMax, java.util.function.LongConsumer commitLatencyMillis) {
        this.pendingMax = pendingMax;
        this.commitLatencyMillis = commitLatencyMillis;
    }

    enum Admission { ADMITTED, ALREADY_PENDING, ALREADY_COMMITTED, FULL }

    Admission admit(ByteString txId, long nowMillis) {
        if (committed.containsKey(txId)) {
            return Admission.ALREADY_COMMITTED;
        }
        if (pending.size() >= pendingMax) {
            return pending.containsKey(txId) ? Admission.ALREADY_PENDING : Admission.FULL;
        }
        return pending.putIfAbsent(txId, nowMillis) == null ? Admission.ADMITTED : Admission.ALREADY_PENDING;
    }

    void committed(ByteString txId, long height, Receipt receipt) {
        committed.put(txId, receipt);
        Long admittedMillis = pending.remove(txId);
        if (admittedMillis != null) {
            commitLatencyMillis.accept(System.currentTimeMillis() - admittedMillis);
        }
        List<CompletableFuture<TransactionView>> waiting = waiters.remove(txId);
        if (waiting != null) {
            TransactionView view = view(txId);
            waiting.forEach(future -> future.complete(view));
        }
    }

    /** Pending entries older than {@code cutoffMillis} are dropped (e.g. refused at execution elsewhere, or lost). */
    void expirePending(long cutoffMillis) {
        pending.entrySet().removeIf(entry -> entry.getValue() < cutoffMillis);
    }

    /** When {@code txId} was admitted at this node, while it is pending here; null otherwise. */
    Long admittedAtMillis(ByteString txId) {
        return pending.get(txId);
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
