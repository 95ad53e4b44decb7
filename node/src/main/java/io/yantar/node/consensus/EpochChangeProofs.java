package io.yantar.node.consensus;

import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.node.store.BlockStore;
import io.yantar.node.store.BlockStoreClient;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.EpochChange;
import io.yantar.proto.ValidatorSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The epoch changes an auditor walks to learn the validator set of a height: for every epoch
 * that started at or below it, the set, the last header of the epoch before and that
 * header's checkpoint certificate (from the block store and the stable checkpoints).
 */
final class EpochChangeProofs {
    private final BlockStoreClient store;
    private final Map<Long, CheckpointCertificate> checkpoints;

    EpochChangeProofs(BlockStoreClient store, Map<Long, CheckpointCertificate> checkpoints) {
        this.store = store;
        this.checkpoints = checkpoints;
    }

    /** Empty when a header or certificate an epoch change needs is not (yet) on this node. */
    CompletionStage<Optional<List<EpochChange>>> upTo(ValidatorHistory history, long height) {
        CompletionStage<Optional<List<EpochChange>>> result = CompletableFuture.completedFuture(Optional.of(new ArrayList<>()));
        for (ValidatorSet next : history.later()) {
            if (next.getStartHeight() > height) {
                break;
            }
            result = result.thenCompose(sofar -> sofar.isEmpty()
                    ? CompletableFuture.completedFuture(sofar)
                    : change(next).thenApply(change -> change.map(found -> {
                        sofar.get().add(found);
                        return sofar.get();
                    })));
        }
        return result;
    }

    private CompletionStage<Optional<EpochChange>> change(ValidatorSet next) {
        long lastHeight = next.getStartHeight() - 1;
        CheckpointCertificate certificate = checkpoints.get(lastHeight);
        if (certificate == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        return store.block(lastHeight).thenApply(lookup -> lookup instanceof BlockStore.Found found
                ? Optional.of(EpochChange.newBuilder()
                        .setValidators(next)
                        .setLastHeader(found.block().getBlock().getHeader())
                        .setCheckpointCertificate(certificate)
                        .build())
                : Optional.empty());
    }
}
