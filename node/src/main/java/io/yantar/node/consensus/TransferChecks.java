package io.yantar.node.consensus;

import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.StateTransferResponse;
import io.yantar.proto.ValidatorSet;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * Starts the certificate checks of a state-transfer answer as it arrives ({@link FetchedChunkChecks}),
 * on the transport's thread, while the ledger actor may still be applying the chunk before. Only
 * the answer the ledger actor awaits (from the peer it asked last, for the height it asked
 * from) gets pool tasks: any other is checked by the ledger actor alone if it applies it at all,
 * so a peer sending answers nobody asked for costs no more checks than before.
 */
final class TransferChecks {
    private record Asked(String peer, long fromHeight) {
    }

    private final Function<ValidatorSet, CertificateVerifier> verifiers;
    private final Executor pool;
    private final int tasks;
    private final AtomicReference<Asked> asked = new AtomicReference<>();
    private final AtomicReference<ValidatorHistory> history = new AtomicReference<>();

    TransferChecks(Function<ValidatorSet, CertificateVerifier> verifiers, Executor pool, int tasks) {
        this.verifiers = verifiers;
        this.pool = pool;
        this.tasks = tasks;
    }

    /** The ledger actor asked {@code peer} for blocks from {@code fromHeight}. */
    void asked(String peer, long fromHeight) {
        asked.set(new Asked(peer, fromHeight));
    }

    /** The ledger actor's validator history now (it changes when a block schedules an epoch). */
    void historyIs(ValidatorHistory now) {
        history.set(now);
    }

    /** The checks of an answer just received: running on the pool if it is the one awaited. */
    FetchedChunkChecks arrived(String sender, StateTransferResponse response) {
        Asked awaited = asked.get();
        ValidatorHistory known = history.get();
        boolean isAwaited = awaited != null && known != null && awaited.peer().equals(sender)
                && awaited.fromHeight() == response.getFromHeight();
        return FetchedChunkChecks.start(response.getCertifiedBlocksList(), known, verifiers, pool, isAwaited ? tasks : 0);
    }
}
