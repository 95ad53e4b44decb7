package io.yantar.node.store;

import io.yantar.node.metrics.Histogram;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.CertifiedBlock;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/**
 * Asks the {@link BlockStore} from outside an actor (HTTP routes, the replica's adapters)
 * and measures journal write latency around appends, outside the actor's handlers.
 */
public final class BlockStoreClient {
    private final ActorRef<BlockStore.Command> store;
    private final ActorSystem<?> system;
    private final Duration timeout;
    private final Histogram journalWriteSeconds;
    private final AtomicLong storedHeight;

    /**
     * @param storedHeight kept at the highest height known durable, for the height gauge
     */
    public BlockStoreClient(ActorRef<BlockStore.Command> store, ActorSystem<?> system, Duration timeout, MetricsRegistry metrics,
            AtomicLong storedHeight) {
        this.store = store;
        this.system = system;
        this.timeout = timeout;
        this.storedHeight = storedHeight;
        metrics.gauge("yantar_block_store_height", "Highest block height stored at this node.", storedHeight::get);
        this.journalWriteSeconds = metrics.histogram("yantar_journal_write_seconds",
                "Time from asking the block store to append a block until it is durable.", Histogram.LATENCY_SECONDS);
    }

    public ActorRef<BlockStore.Command> ref() {
        return store;
    }

    public CompletionStage<BlockStore.AppendResult> append(CertifiedBlock block) {
        return timed(System.nanoTime(), AskPattern.ask(store, replyTo -> new BlockStore.Append(block, replyTo), timeout, system.scheduler()));
    }

    /** Consecutive blocks in one journal write; the result is the last one's. */
    public CompletionStage<BlockStore.AppendResult> appendAll(java.util.List<CertifiedBlock> blocks) {
        return timed(System.nanoTime(), AskPattern.ask(store, replyTo -> new BlockStore.AppendAll(blocks, replyTo), timeout,
                system.scheduler()));
    }

    private CompletionStage<BlockStore.AppendResult> timed(long started, CompletionStage<BlockStore.AppendResult> asked) {
        return asked
                .whenComplete((result, failure) -> {
                    if (result instanceof BlockStore.Appended appended) {
                        journalWriteSeconds.observeNanos(System.nanoTime() - started);
                        storedHeight.accumulateAndGet(appended.height(), Math::max);
                    }
                });
    }

    public CompletionStage<BlockStore.BlockLookup> block(long height) {
        return AskPattern.ask(store, replyTo -> new BlockStore.GetBlock(height, replyTo), timeout, system.scheduler());
    }

    public CompletionStage<BlockStore.BlockRange> blocks(long from, long to) {
        return AskPattern.ask(store, replyTo -> new BlockStore.GetBlocks(from, to, replyTo), timeout, system.scheduler());
    }

    public CompletionStage<BlockStore.Tip> tip() {
        return AskPattern.ask(store, BlockStore.GetTip::new, timeout, system.scheduler());
    }
}
