package io.yantar.node;

import io.yantar.proto.SignedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * How the HTTP layer hands a client's signed transaction to consensus. Implemented by the
 * replica plug-in; until one is plugged in, the node answers {@link Unavailable}.
 *
 * <p>Submission must be idempotent: the same signed transaction submitted again answers
 * {@link Accepted} with the same id and its current status.
 */
@FunctionalInterface
public interface TransactionSubmitter {

    CompletionStage<Submission> submit(SignedTransaction transaction);

    /**
     * Submits several transactions at once (the batch endpoint), one answer per transaction in
     * order. A replica overrides it to hand the whole batch to consensus as one message.
     */
    default CompletionStage<List<Submission>> submitAll(List<SignedTransaction> transactions) {
        CompletionStage<List<Submission>> results = CompletableFuture.completedFuture(new ArrayList<>(transactions.size()));
        for (SignedTransaction transaction : transactions) {
            results = results.thenCompose(list -> submit(transaction).thenApply(submission -> {
                list.add(submission);
                return list;
            }));
        }
        return results;
    }

    sealed interface Submission permits Accepted, Refused, Overloaded, AccountBusy, Unavailable {
    }

    /** Taken (or already known): HTTP 202 with the id (hex) and status, e.g. {@code pending} or {@code committed}. */
    record Accepted(String transactionId, String status) implements Submission {
    }

    /** Invalid for the ledger (bad signature, wrong chain, replay): HTTP 400 with the ledger's reason code. */
    record Refused(String reasonCode, String detail) implements Submission {
    }

    /** The bounded mempool is full: HTTP 503 with {@code Retry-After}. */
    record Overloaded(Duration retryAfter) implements Submission {
    }

    /** The sender already has as many payments pending here as one account may: HTTP 429 with {@code Retry-After}. */
    record AccountBusy(String detail, Duration retryAfter) implements Submission {
    }

    /** This node cannot take transactions now (no replica, not caught up): HTTP 503. */
    record Unavailable(String detail) implements Submission {
    }

    /** The answer of a node that runs no consensus replica. */
    TransactionSubmitter NO_REPLICA = transaction -> CompletableFuture.completedFuture(
            new Unavailable("this node runs no consensus replica, so it cannot take transactions yet"));
}
