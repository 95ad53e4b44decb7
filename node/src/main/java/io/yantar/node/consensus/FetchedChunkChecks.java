package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.yantar.ledger.epoch.ValidatorHistory;
import io.yantar.ledger.verify.CertificateVerifier;
import io.yantar.proto.CertifiedBlock;
import io.yantar.proto.ValidatorSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.Function;

/**
 * The commit-certificate checks of one state-transfer chunk, started on a pool when the chunk
 * arrives, so that they run beside the ledger actor while it re-executes the chunk before. On
 * the actor's thread alone they were about two thirds of a chunk's apply time (docs/BENCHMARKS.md,
 * "Catch-up"). Each block is claimed once, by a pool task or by the ledger actor reaching it
 * first; the other uses that verdict, so no certificate is checked twice. A pool task checks a
 * block against the validator set of its certificate's epoch in the history known when the chunk
 * arrived: the ledger actor uses that verdict only if the set is the one that orders the block's
 * height when it applies it, and checks the block itself otherwise.
 */
final class FetchedChunkChecks {

    /**
     * One block as decoded and checked. {@code block} is null when it does not decode;
     * {@code checkedUnder} is null when its certificate was not checked (its epoch was unknown),
     * else the set it was checked against and {@code refusal} the verdict (empty: valid).
     */
    record Checked(CertifiedBlock block, ValidatorSet checkedUnder, Optional<String> refusal) {
        static final Checked UNDECODABLE = new Checked(null, null, Optional.empty());

        /** The verdict when {@code ordering} orders the block now, or empty when it must be checked against it. */
        Optional<Optional<String>> verdictUnder(ValidatorSet ordering) {
            return checkedUnder != null && (checkedUnder == ordering || checkedUnder.equals(ordering))
                    ? Optional.of(refusal) : Optional.empty();
        }
    }

    private static final int UNCLAIMED = 0;
    private static final int CLAIMED = 1;

    private final List<ByteString> encoded;
    private final ValidatorHistory history;
    private final Function<ValidatorSet, CertificateVerifier> verifiers;
    private final AtomicIntegerArray claims;
    private final CompletableFuture<Checked>[] verdicts;

    @SuppressWarnings("unchecked")
    private FetchedChunkChecks(List<ByteString> encoded, ValidatorHistory history, Function<ValidatorSet, CertificateVerifier> verifiers) {
        this.encoded = List.copyOf(encoded);
        this.history = history;
        this.verifiers = verifiers;
        this.claims = new AtomicIntegerArray(encoded.size());
        this.verdicts = new CompletableFuture[encoded.size()];
        for (int index = 0; index < verdicts.length; index++) {
            verdicts[index] = new CompletableFuture<>();
        }
    }

    /** Starts {@code tasks} pool tasks checking {@code encoded} in order; the ledger actor {@link #take}s the verdicts. */
    static FetchedChunkChecks start(List<ByteString> encoded, ValidatorHistory history,
                                    Function<ValidatorSet, CertificateVerifier> verifiers, Executor pool, int tasks) {
        FetchedChunkChecks checks = new FetchedChunkChecks(encoded, history, verifiers);
        for (int task = 0; task < Math.min(tasks, encoded.size()); task++) {
            pool.execute(checks::checkUnclaimed);
        }
        return checks;
    }

    int size() {
        return verdicts.length;
    }

    /**
     * Block {@code index}, decoded and checked: here, when no pool task has claimed it yet, else
     * waiting for the task checking it (one block's certificate at most).
     */
    Checked take(int index) {
        if (claims.compareAndSet(index, UNCLAIMED, CLAIMED)) {
            Checked checked = check(index);
            verdicts[index].complete(checked);
            return checked;
        }
        return verdicts[index].join();
    }

    /** Stops the pool tasks (the chunk was dropped or refused): blocks not yet claimed are not checked. */
    void abandon() {
        for (int index = 0; index < verdicts.length; index++) {
            if (claims.compareAndSet(index, UNCLAIMED, CLAIMED)) {
                verdicts[index].complete(Checked.UNDECODABLE);
            }
        }
    }

    private void checkUnclaimed() {
        for (int index = 0; index < verdicts.length; index++) {
            if (claims.compareAndSet(index, UNCLAIMED, CLAIMED)) {
                verdicts[index].complete(check(index));
            }
        }
    }

    private Checked check(int index) {
        CertifiedBlock block;
        try {
            block = CertifiedBlock.parseFrom(encoded.get(index));
        } catch (InvalidProtocolBufferException malformed) {
            return Checked.UNDECODABLE;
        }
        try {
            Optional<ValidatorSet> set = history == null ? Optional.empty() : history.ofEpoch(block.getCommitCertificate().getEpoch());
            if (set.isEmpty()) {
                return new Checked(block, null, Optional.empty());
            }
            return new Checked(block, set.get(), verifiers.apply(set.get()).checkCommit(block.getCommitCertificate()));
        } catch (RuntimeException unexpected) {
            return new Checked(block, null, Optional.empty()); // the ledger actor checks it again, and meets it there
        }
    }
}
