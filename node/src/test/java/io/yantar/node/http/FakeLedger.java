package io.yantar.node.http;

import com.google.protobuf.ByteString;
import io.yantar.node.LedgerQueries;
import io.yantar.proto.Block;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import io.yantar.proto.ValidatorSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/** A ledger the test scripts: blocks it "commits", transactions in a chosen state, proofs not yet certified. */
final class FakeLedger implements LedgerQueries {
    private final AtomicReference<Tip> tip = new AtomicReference<>(new Tip(0, ByteString.EMPTY, 0));
    private final Map<Long, BlockView> blocks = new ConcurrentHashMap<>();
    private final Map<ByteString, TransactionView> transactions = new ConcurrentHashMap<>();
    private final List<Consumer<BlockView>> listeners = new CopyOnWriteArrayList<>();

    /** Commits an empty block at the next height and tells the subscribers, like the ledger actor does. */
    void commitBlock() {
        long height = tip.get().height() + 1;
        BlockView view = new BlockView(CertifiedBlock.newBuilder()
                .setBlock(Block.newBuilder().setHeader(BlockHeader.newBuilder().setChainId("fake").setHeight(height)))
                .build(), Optional.empty());
        blocks.put(height, view);
        tip.set(new Tip(height, ByteString.copyFromUtf8("hash-" + height), height));
        listeners.forEach(listener -> listener.accept(view));
    }

    /** Committed with a receipt, but (as the fake never certifies) without a proof. */
    void committedWithoutCheckpoint(ByteString txId, long height) {
        transactions.put(txId, new TransactionView(txId, TransactionStatus.COMMITTED,
                Optional.of(Receipt.newBuilder().setTxId(txId).setHeight(height).setSuccess(true).build()), height));
    }

    int subscribers() {
        return listeners.size();
    }

    @Override
    public Tip tip() {
        return tip.get();
    }

    @Override
    public CompletionStage<Optional<AccountView>> account(ByteString address) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<TransactionView> transaction(ByteString txId) {
        return CompletableFuture.completedFuture(transactions.getOrDefault(txId,
                new TransactionView(txId, TransactionStatus.UNKNOWN, Optional.empty(), 0)));
    }

    /** Never commits anything new: answers the current view at once, as after a timeout. */
    @Override
    public CompletionStage<TransactionView> awaitCommit(ByteString txId, Duration timeout) {
        return CompletableFuture.completedFuture(new TransactionView(txId, TransactionStatus.PENDING, Optional.empty(), 0));
    }

    @Override
    public CompletionStage<Optional<ReceiptBundle>> proof(ByteString txId) {
        return CompletableFuture.completedFuture(Optional.empty());
    }

    @Override
    public CompletionStage<Optional<BlockView>> block(long height) {
        return CompletableFuture.completedFuture(Optional.ofNullable(blocks.get(height)));
    }

    @Override
    public CompletionStage<GovernanceView> governance() {
        return CompletableFuture.completedFuture(new GovernanceView(tip.get().height(),
                io.yantar.proto.LedgerAuthorityState.getDefaultInstance(),
                io.yantar.ledger.epoch.ValidatorHistory.ofGenesis(ValidatorSet.getDefaultInstance()),
                new io.yantar.ledger.epoch.EpochRules(1, 0)));
    }

    @Override
    public Subscription subscribe(Consumer<BlockView> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }
}
