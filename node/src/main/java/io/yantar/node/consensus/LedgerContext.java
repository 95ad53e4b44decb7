package io.yantar.node.consensus;

import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.ledger.block.BlockHashes;
import io.yantar.node.LedgerQueries.BlockView;
import io.yantar.node.LedgerQueries.Tip;
import io.yantar.proto.BlockHeader;
import io.yantar.proto.CheckpointCertificate;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * What the ledger actor publishes for readers on other threads (HTTP, transport): the tip, the
 * transaction index, stable checkpoint certificates, the running replica, block listeners.
 * Everything here is safe to read concurrently. {@code transferTarget} is the highest height a
 * state transfer of this process has aimed at (0: none): an epoch that starts at most one block above
 * it was reached by fetching history, not by ordering it.
 */
record LedgerContext(
        LedgerApplication application,
        BlockHashes hashes,
        TransactionIndex transactions,
        AtomicReference<Tip> tip,
        AtomicReference<BlockHeader> lastHeader,
        ConcurrentSkipListMap<Long, CheckpointCertificate> checkpoints,
        AtomicReference<ActorRef<ReplicaActor.Command>> replica,
        AtomicBoolean ready,
        AtomicBoolean catchingUp,
        AtomicLong transferTarget,
        List<Consumer<BlockView>> listeners) {

    static LedgerContext create(LedgerApplication application, BlockHashes hashes, TransactionIndex transactions, Tip genesisTip,
                                BlockHeader genesisHeader) {
        return new LedgerContext(application, hashes, transactions, new AtomicReference<>(genesisTip),
                new AtomicReference<>(genesisHeader), new ConcurrentSkipListMap<>(), new AtomicReference<>(), new AtomicBoolean(),
                new AtomicBoolean(), new AtomicLong(), new CopyOnWriteArrayList<>());
    }

    void publish(BlockView block) {
        for (Consumer<BlockView> listener : listeners) {
            listener.accept(block);
        }
    }

}
