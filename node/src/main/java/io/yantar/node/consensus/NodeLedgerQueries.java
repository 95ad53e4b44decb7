package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.ledger.block.Proofs;
import io.yantar.node.LedgerQueries;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.Receipt;
import io.yantar.proto.ReceiptBundle;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.DispatcherSelector;
import org.apache.pekko.actor.typed.javadsl.AskPattern;

/** {@link LedgerQueries} over the ledger actor, the block store and the published index. */
final class NodeLedgerQueries implements LedgerQueries {
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);

    private final LedgerContext shared;
    private final ActorRef<LedgerActor.Command> ledger;
    private final BlockStoreClient store;
    private final Proofs proofs;
    private final EpochChangeProofs epochChanges;
    private final ActorSystem<?> system;
    /** Lookups in the persistent transaction index block on the database. */
    private final Executor blocking;

    NodeLedgerQueries(LedgerContext shared, ActorRef<LedgerActor.Command> ledger, BlockStoreClient store,
                      Proofs proofs, ActorSystem<?> system) {
        this.shared = shared;
        this.ledger = ledger;
        this.store = store;
        this.proofs = proofs;
        this.epochChanges = new EpochChangeProofs(store, shared.checkpoints());
        this.system = system;
        this.blocking = system.dispatchers().lookup(DispatcherSelector.blocking());
    }

    @Override
    public Tip tip() {
        return shared.tip().get();
    }

    @Override
    public CompletionStage<Optional<AccountView>> account(ByteString address) {
        return AskPattern.ask(ledger, replyTo -> new LedgerActor.GetAccount(address, replyTo), ASK_TIMEOUT, system.scheduler());
    }

    @Override
    public CompletionStage<TransactionView> transaction(ByteString txId) {
        TransactionView known = shared.transactions().view(txId);
        if (known.status() != TransactionStatus.UNKNOWN) {
            return CompletableFuture.completedFuture(known);
        }
        return committedReceipt(txId).thenApply(receipt -> receipt
                .map(found -> new TransactionView(txId, TransactionStatus.COMMITTED, Optional.of(found), found.getHeight()))
                .orElse(known));
    }

    @Override
    public CompletionStage<TransactionView> awaitCommit(ByteString txId, Duration timeout) {
        if (shared.transactions().view(txId).status() != TransactionStatus.UNKNOWN) {
            return shared.transactions().awaitCommit(txId, timeout);
        }
        // Not known in memory: perhaps committed before the recent receipts, else wait as usual.
        return transaction(txId).thenCompose(view -> view.status() == TransactionStatus.COMMITTED
                ? CompletableFuture.completedFuture(view)
                : shared.transactions().awaitCommit(txId, timeout));
    }

    /** A recent receipt from memory, an older one from its block (found through the persistent index). */
    private CompletionStage<Optional<Receipt>> committedReceipt(ByteString txId) {
        Optional<Receipt> recent = shared.transactions().receipt(txId);
        if (recent.isPresent()) {
            return CompletableFuture.completedFuture(recent);
        }
        return CompletableFuture.supplyAsync(() -> shared.transactions().committedHeight(txId), blocking)
                .thenCompose(height -> height.isEmpty()
                        ? CompletableFuture.completedFuture(Optional.<Receipt>empty())
                        : store.block(height.getAsLong()).thenApply(lookup -> receiptIn(lookup, txId)));
    }

    private static Optional<Receipt> receiptIn(BlockStore.BlockLookup lookup, ByteString txId) {
        if (!(lookup instanceof BlockStore.Found found)) {
            return Optional.empty();
        }
        return found.block().getBlock().getReceiptsList().stream().filter(receipt -> receipt.getTxId().equals(txId)).findFirst();
    }

    @Override
    public CompletionStage<Optional<ReceiptBundle>> proof(ByteString txId) {
        return committedReceipt(txId).thenCompose(this::proofOf);
    }

    private CompletionStage<Optional<ReceiptBundle>> proofOf(Optional<Receipt> receipt) {
        if (receipt.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        long height = receipt.get().getHeight();
        Optional<CheckpointCertificate> checkpoint = Optional.ofNullable(shared.checkpoints().get(height));
        if (checkpoint.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return governance().thenCompose(view -> epochChanges.upTo(view.validators(), height).thenCombine(store.block(height),
                (changes, lookup) -> {
                    if (changes.isEmpty() || !(lookup instanceof BlockStore.Found found)) {
                        return Optional.<ReceiptBundle>empty();
                    }
                    CertifiedBlock block = found.block();
                    int index = receipt.get().getIndex();
                    return Optional.of(proofs.receiptBundle(block.getBlock(), index, block.getCommitCertificate(), checkpoint.get(),
                                    List.of()).toBuilder()
                            .setValidators(view.validators().setAt(height))
                            .addAllEpochChanges(changes.get())
                            .build());
                }));
    }

    @Override
    public CompletionStage<Optional<BlockView>> block(long height) {
        return store.block(height).thenApply(lookup -> lookup instanceof BlockStore.Found found
                ? Optional.of(new BlockView(found.block(), Optional.ofNullable(shared.checkpoints().get(height))))
                : Optional.empty());
    }

    @Override
    public CompletionStage<GovernanceView> governance() {
        return AskPattern.ask(ledger, LedgerActor.GetGovernance::new, ASK_TIMEOUT, system.scheduler());
    }


    @Override
    public Subscription subscribe(Consumer<BlockView> listener) {
        shared.listeners().add(listener);
        return () -> shared.listeners().remove(listener);
    }
}
