package io.yantar.node.explorer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.yantar.crypto.CryptoSuites;
import io.yantar.node.LedgerQueries;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.ReceiptBundle;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The feed applies every committed block once, in order: history from the store, live blocks, and gaps between them. */
class ExplorerFeedTest {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    private final ExplorerIndex index = new ExplorerIndex(CryptoSuites.ed25519(), ExplorerSettings.DEFAULTS);
    private final StoredLedger ledger = new StoredLedger();

    @Test
    void historyCommittedBeforeTheFeedStartedIsReadFromTheStore() throws Exception {
        ledger.commit(1, false);
        ledger.commit(2, false);
        ledger.commit(3, false);
        try (ExplorerFeed feed = new ExplorerFeed(index, ledger, 10)) {
            feed.start();
            assertEquals(3L, feed.caughtUp(PATIENCE, 10).toCompletableFuture().get(20, TimeUnit.SECONDS));
        }
    }

    @Test
    void aLiveBlockAboveAGapWaitsUntilTheGapIsReadFromTheStore() throws Exception {
        try (ExplorerFeed feed = new ExplorerFeed(index, ledger, 10)) {
            feed.start();
            ledger.commit(1, true);
            ledger.commit(2, false); // e.g. dropped while the pending buffer was full
            ledger.commit(3, true);
            assertEquals(3L, feed.caughtUp(PATIENCE, 10).toCompletableFuture().get(20, TimeUnit.SECONDS));
            assertEquals(3, index.indexedHeight());
        }
    }

    @Test
    void aReaderWaitsNoLongerThanItsPatienceAndAtMostTheWaiterLimitWait() throws Exception {
        StoredLedger unreadable = new StoredLedger() {
            @Override
            public CompletionStage<Optional<BlockView>> block(long height) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
        };
        unreadable.commit(1, false);
        try (ExplorerFeed feed = new ExplorerFeed(index, unreadable, 10)) {
            feed.start();
            assertEquals(0L, feed.caughtUp(Duration.ofMillis(50), 10).toCompletableFuture().get(20, TimeUnit.SECONDS));
            CompletableFuture<Long> waiting = feed.caughtUp(PATIENCE, 1).toCompletableFuture();
            assertEquals(0L, feed.caughtUp(PATIENCE, 1).toCompletableFuture().getNow(-1L), "over the limit: answered at once");
            waiting.cancel(false);
        }
    }

    /** Blocks kept in memory; {@code announce} says whether subscribers hear of a block. */
    private static class StoredLedger implements LedgerQueries {
        private final Map<Long, BlockView> blocks = new ConcurrentHashMap<>();
        private final List<Consumer<BlockView>> listeners = new CopyOnWriteArrayList<>();
        private volatile long height;

        void commit(long next, boolean announce) {
            BlockView view = new BlockView(CertifiedBlock.newBuilder()
                    .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setHeight(next))).build(), Optional.empty());
            blocks.put(next, view);
            height = next;
            if (announce) {
                listeners.forEach(listener -> listener.accept(view));
            }
        }

        @Override
        public Tip tip() {
            return new Tip(height, ByteString.EMPTY, 0);
        }

        @Override
        public CompletionStage<Optional<BlockView>> block(long at) {
            return CompletableFuture.completedFuture(Optional.ofNullable(blocks.get(at)));
        }

        @Override
        public Subscription subscribe(Consumer<BlockView> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        @Override
        public CompletionStage<Optional<AccountView>> account(ByteString address) {
            throw new UnsupportedOperationException("the feed reads blocks only");
        }

        @Override
        public CompletionStage<TransactionView> transaction(ByteString txId) {
            throw new UnsupportedOperationException("the feed reads blocks only");
        }

        @Override
        public CompletionStage<TransactionView> awaitCommit(ByteString txId, Duration timeout) {
            throw new UnsupportedOperationException("the feed reads blocks only");
        }

        @Override
        public CompletionStage<Optional<ReceiptBundle>> proof(ByteString txId) {
            throw new UnsupportedOperationException("the feed reads blocks only");
        }

        @Override
        public CompletionStage<GovernanceView> governance() {
            throw new UnsupportedOperationException("the feed reads blocks only");
        }
    }
}
