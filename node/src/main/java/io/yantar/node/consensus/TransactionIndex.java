package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.LedgerQueries.TransactionView;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.node.store.TransactionLocations;
import io.yantar.proto.Receipt;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * Where each transaction this node knows stands: pending (admitted into the mempool and handed
 * to consensus) or committed (with its receipt). Written by the HTTP admission path and the
 * ledger actor, read by HTTP. The pending set is the bounded mempool.
 *
 * <p>Committed receipts are kept only for the {@code committedCached} most recent commits, so
 * the heap does not grow with the history; every committed block's transaction ids also go to
 * the persistent {@link TransactionLocations}, where older ones are found ({@link #committedHeight}).
 */
final class TransactionIndex {
    /** Recent receipts, oldest first; guarded by itself. */
    private final LinkedHashMap<ByteString, Receipt> committed;
    private final TransactionLocations locations;
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
    TransactionIndex(int pendingMax, int pendingPerSenderMax, int committedCached, TransactionLocations locations,
                     java.util.function.LongConsumer commitLatencyMillis) {
        this.committed = new LinkedHashMap<>(Math.min(committedCached, 1 << 16), 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<ByteString, Receipt> eldest) {
                return size() > committedCached;
            }
        };
        this.locations = locations;
        this.pendingMax = pendingMax;
        this.pendingPerSenderMax = pendingPerSenderMax;
        this.commitLatencyMillis = commitLatencyMillis;
    }

    enum Admission { ADMITTED, ALREADY_PENDING, ALREADY_COMMITTED, FULL, SENDER_FULL }

    Admission admit(ByteString txId, ByteString sender, long nowMillis) {
        if (cachedReceipt(txId) != null) {
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
     * A block was executed: its settled receipts become the most recent ones, and go to the
     * persistent index. A refusal that does not settle a payment (NONCE_AHEAD: it is ordered
     * again later) leaves it pending, and a later duplicate's refusal (NONCE_REPLAYED after a
     * view change re-proposed it) never hides its success.
     */
    void committedBlock(long height, List<Receipt> receipts) {
        List<Receipt> settled = new java.util.ArrayList<>(receipts.size());
        for (Receipt receipt : receipts) {
            if (ReasonCode.settles(receipt.getSuccess(), receipt.getReasonCode())) {
                settled.add(receipt);
                committed(receipt.getTxId(), receipt);
            }
        }
        locations.record(height, settled);
    }

    /** Blocks at or below this height are in the persistent index already. */
    long recordedHeight() {
        return locations.recordedHeight();
    }

    private Receipt cachedReceipt(ByteString txId) {
        synchronized (committed) {
            return committed.get(txId);
        }
    }

    private void committed(ByteString txId, Receipt receipt) {
        synchronized (committed) {
            Receipt earlier = committed.get(txId);
            if (earlier != null && earlier.getSuccess()) {
                return;
            }
            committed.put(txId, receipt);
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

    int cachedCount() {
        synchronized (committed) {
            return committed.size();
        }
    }

    /**
     * The height of the block holding {@code txId}, from the recent receipts or the persistent
     * index (a database lookup: callers off the hot path only).
     */
    OptionalLong committedHeight(ByteString txId) {
        Receipt receipt = cachedReceipt(txId);
        return receipt != null ? OptionalLong.of(receipt.getHeight()) : locations.heightOf(txId);
    }

    /** What this node knows in memory: recent commits and pending payments; older commits answer UNKNOWN here. */
    TransactionView view(ByteString txId) {
        Receipt receipt = cachedReceipt(txId);
        if (receipt != null) {
            return new TransactionView(txId, TransactionStatus.COMMITTED, Optional.of(receipt), receipt.getHeight());
        }
        if (pending.containsKey(txId)) {
            return new TransactionView(txId, TransactionStatus.PENDING, Optional.empty(), 0);
        }
        return new TransactionView(txId, TransactionStatus.UNKNOWN, Optional.empty(), 0);
    }

    /** A recent commit's receipt; older ones are in their block. */
    Optional<Receipt> receipt(ByteString txId) {
        return Optional.ofNullable(cachedReceipt(txId));
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
                    // The list goes with its last waiter: ids that never commit leave nothing behind.
                    waiters.computeIfPresent(txId, (id, waiting) -> {
                        waiting.remove(future);
                        return waiting.isEmpty() ? null : waiting;
                    });
                    return view(txId);
                });
    }
}
