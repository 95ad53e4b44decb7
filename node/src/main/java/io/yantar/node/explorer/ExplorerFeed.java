package io.yantar.node.explorer;

import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.proto.Block;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * Feeds {@link ExplorerIndex} every committed block exactly once, in height order: live
 * blocks from {@link LedgerQueries#subscribe}, and the heights before them (or dropped while
 * the pending buffer was full) read back from the block store one at a time.
 */
final class ExplorerFeed implements AutoCloseable {
    private final ExplorerIndex index;
    private final LedgerQueries ledger;
    private final int pendingBlocksMax;
    private final TreeMap<Long, Block> pending = new TreeMap<>();
    private final List<Waiter> waiters = new ArrayList<>();
    private LedgerQueries.Subscription subscription;
    private boolean reading;

    private record Waiter(long height, CompletableFuture<Long> indexed) {
    }

    ExplorerFeed(ExplorerIndex index, LedgerQueries ledger, int pendingBlocksMax) {
        this.index = index;
        this.ledger = ledger;
        this.pendingBlocksMax = pendingBlocksMax;
    }

    synchronized void start() {
        subscription = ledger.subscribe(this::offer);
        advance();
    }

    private synchronized void offer(BlockView view) {
        long height = view.height();
        if (height > index.indexedHeight() && pending.size() < pendingBlocksMax) {
            pending.put(height, view.block().getBlock());
        }
        advance();
    }

    /**
     * Completes with the indexed height once the index reaches the ledger's current tip, or after
     * {@code patience} with whatever it reached: a first visitor sees the whole history, not a
     * half-read one, and no reader waits long. At most {@code waitersMax} readers wait at once.
     */
    synchronized CompletionStage<Long> caughtUp(Duration patience, int waitersMax) {
        long tip = ledger.tip().height();
        if (index.indexedHeight() >= tip || waiters.size() >= waitersMax) {
            return CompletableFuture.completedFuture(index.indexedHeight());
        }
        Waiter waiter = new Waiter(tip, new CompletableFuture<>());
        waiters.add(waiter);
        waiter.indexed().completeOnTimeout(-1L, patience.toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((height, failure) -> forget(waiter));
        return waiter.indexed().thenApply(height -> index.indexedHeight());
    }

    private synchronized void forget(Waiter waiter) {
        waiters.remove(waiter);
    }

    private synchronized void advance() {
        while (!pending.isEmpty() && pending.firstKey() <= index.indexedHeight() + 1) {
            var first = pending.pollFirstEntry();
            if (first.getKey() == index.indexedHeight() + 1) {
                index.apply(first.getValue());
            }
        }
        for (Waiter waiter : List.copyOf(waiters)) {
            if (index.indexedHeight() >= waiter.height()) {
                waiter.indexed().complete(index.indexedHeight());
            }
        }
        long next = index.indexedHeight() + 1;
        if (!reading && next <= ledger.tip().height()) {
            reading = true;
            // Async: a block already in the cache completes at once, and thousands of them must not nest on the stack.
            ledger.block(next).whenCompleteAsync((found, failure) -> readBack(found == null ? Optional.empty() : found));
        }
    }

    private synchronized void readBack(Optional<BlockView> found) {
        reading = false;
        // A failed or empty read is retried on the next live block, never in a loop.
        found.ifPresent(this::offer);
    }

    @Override
    public synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
