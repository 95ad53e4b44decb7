package io.yantar.node.store;

import io.yantar.proto.Receipt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The transaction index's own writer thread, so the ledger actor never waits on the index: the
 * blocks queued while it works are handed over together, in height order, on its next run.
 */
final class IndexWriterThread {
    /** The settled transactions of one executed block. */
    record BlockRows(long height, List<Receipt> settled) {
    }

    private final ConcurrentLinkedQueue<BlockRows> queued = new ConcurrentLinkedQueue<>();
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "yantar-tx-locations");
        thread.setDaemon(true);
        return thread;
    });
    private final Consumer<List<BlockRows>> write;

    /** {@code write} gets every block queued since its last call, never an empty list. */
    IndexWriterThread(Consumer<List<BlockRows>> write) {
        this.write = write;
    }

    /** Queues a block; one that arrives after {@link #stop} is dropped (above the recorded height, so recorded again at start). */
    void enqueue(long height, List<Receipt> settled) {
        queued.add(new BlockRows(height, settled));
        try {
            writer.execute(this::writeQueued);
        } catch (RejectedExecutionException stopped) {
            // the node is stopping
        }
    }

    private void writeQueued() {
        List<BlockRows> blocks = new ArrayList<>();
        for (BlockRows block = queued.poll(); block != null; block = queued.poll()) {
            blocks.add(block);
        }
        if (!blocks.isEmpty()) { // else an earlier run wrote this one's block
            write.accept(blocks);
        }
    }

    /** Runs {@code last} on the writer thread after the blocks queued so far, and waits for it. */
    void runAfterQueued(Runnable last) throws InterruptedException {
        try {
            writer.submit(last).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("transaction index writer did not drain", e);
        }
    }

    /** Lets the queued blocks be written (up to 10 s), then refuses new ones. */
    void stop() {
        writer.shutdown();
        try {
            writer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
