package io.yantar.node.explorer;

import io.yantar.node.LedgerQueries;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.proto.Block;
import java.util.Optional;
import java.util.TreeMap;

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
    private LedgerQueries.Subscription subscription;
    private boolean reading;

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

    private synchronized void advance() {
        while (!pending.isEmpty() && pending.firstKey() <= index.indexedHeight() + 1) {
            var first = pending.pollFirstEntry();
            if (first.getKey() == index.indexedHeight() + 1) {
                index.apply(first.getValue());
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
