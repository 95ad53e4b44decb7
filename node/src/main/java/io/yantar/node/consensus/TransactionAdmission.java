package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.crypto.Canonical;
import io.yantar.crypto.Hex;
import io.yantar.ledger.tx.ReasonCode;
import io.yantar.ledger.tx.Validation;
import io.yantar.node.LedgerQueries.TransactionStatus;
import io.yantar.node.TransactionSubmitter;
import io.yantar.node.metrics.Counter;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.SignedTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;

/**
 * The way in for a client's transaction: stateless validation (signature included, once),
 * idempotence by transaction id, the nonce gate, the bounded mempool, then the replica, which
 * forwards it to the primary and the other replicas. Runs on the caller's (HTTP) thread.
 */
final class TransactionAdmission implements TransactionSubmitter {
    private static final Duration RETRY_AFTER_FULL = Duration.ofSeconds(1);
    /** How far ahead of the account's next nonce a payment may be to wait in the nonce gate. */
    static final long NONCE_GAP_MAX = 1_000;

    private final CachingPayloadValidator validator;
    private final LedgerApplication ledger;
    private final NonceGate gate;
    private final TransactionIndex index;
    private final AtomicReference<ActorRef<ReplicaActor.Command>> replica;
    private final Counter accepted;
    private final Counter rejected;
    private final int pendingPerAccountMax;

    TransactionAdmission(CachingPayloadValidator validator, LedgerApplication ledger, NonceGate gate, TransactionIndex index,
                         AtomicReference<ActorRef<ReplicaActor.Command>> replica, MetricsRegistry metrics, int pendingPerAccountMax) {
        this.pendingPerAccountMax = pendingPerAccountMax;
        this.validator = validator;
        this.ledger = ledger;
        this.gate = gate;
        this.index = index;
        this.replica = replica;
        this.accepted = metrics.counter("yantar_tx_accepted_total", "Transactions admitted into the mempool.");
        this.rejected = metrics.counter("yantar_tx_rejected_total", "Transactions refused at admission, by reason code.", "reason");
    }

    @Override
    public CompletionStage<Submission> submit(SignedTransaction transaction) {
        return submitAll(List.of(transaction)).thenApply(results -> results.get(0));
    }

    /**
     * Admits each transaction, then hands everything the nonce gate released to the replica as
     * one message: the replica forwards it to its peers as one message per peer, not one per
     * transaction.
     */
    @Override
    public CompletionStage<List<Submission>> submitAll(List<SignedTransaction> transactions) {
        ActorRef<ReplicaActor.Command> target = replica.get();
        List<Submission> results = new ArrayList<>(transactions.size());
        if (target == null) {
            transactions.forEach(t -> results.add(new Unavailable("the node is still rebuilding its ledger; retry shortly")));
            return CompletableFuture.completedFuture(results);
        }
        for (SignedTransaction transaction : transactions) {
            validator.validate(ByteString.copyFrom(Canonical.bytes(transaction))); // the signature checks, in parallel with other batches
        }
        // What the nonce gate releases must reach the replica in the order it was released, also
        // across concurrent batches and the ledger's releases (LedgerApplication.nonceAdvanced):
        // a sender's nonce n+1 told before its nonce n is ordered first and refused NONCE_AHEAD.
        synchronized (gate) {
            List<Bytes> released = new ArrayList<>();
            for (SignedTransaction transaction : transactions) {
                results.add(admit(transaction, released));
            }
            if (!released.isEmpty()) {
                target.tell(new ReplicaActor.ClientRequests(released));
            }
        }
        return CompletableFuture.completedFuture(results);
    }

    /** Admits one transaction; what the nonce gate releases goes to {@code released}. */
    private Submission admit(SignedTransaction transaction, List<Bytes> released) {
        ByteString payload = ByteString.copyFrom(Canonical.bytes(transaction));
        Validation verdict = validator.validate(payload);
        String id = Hex.encode(verdict.txId().toByteArray());
        if (verdict instanceof Validation.Invalid invalid) {
            return refuse(invalid.reason(), invalid.detail());
        }
        Validation.Valid valid = (Validation.Valid) verdict;
        if (index.view(verdict.txId()).status() == TransactionStatus.COMMITTED) {
            return new Accepted(id, "committed");
        }
        ByteString sender = valid.transaction().sender().bytes();
        long nonce = valid.transaction().transaction().getNonce();
        long next = ledger.nextNonce(sender);
        // Nonces are uint64 on the wire: compared unsigned, so 2^64 - 1 is far ahead, not negative.
        if (Long.compareUnsigned(nonce, next) < 0) {
            if (index.committedHeight(verdict.txId()).isPresent()) {
                return new Accepted(id, "committed"); // an old payment resent: committed long ago, not a second one
            }
            return refuse(ReasonCode.NONCE_REPLAYED, "nonce " + Long.toUnsignedString(nonce) + " was used; the next is " + next);
        }
        if (Long.compareUnsigned(nonce - next, NONCE_GAP_MAX) > 0) {
            return refuse(ReasonCode.NONCE_AHEAD, "nonce " + Long.toUnsignedString(nonce) + " is too far ahead of the next nonce " + next);
        }
        switch (index.admit(verdict.txId(), sender, System.currentTimeMillis())) {
            case FULL:
                rejected.increment("MEMPOOL_FULL");
                return new Overloaded(RETRY_AFTER_FULL);
            case SENDER_FULL:
                rejected.increment("ACCOUNT_PENDING_LIMIT");
                return new AccountBusy("this account already has " + pendingPerAccountMax
                        + " payments waiting for commit at this node", RETRY_AFTER_FULL);
            case ALREADY_COMMITTED:
                return new Accepted(id, "committed");
            case ALREADY_PENDING:
            case ADMITTED:
            default:
                break;
        }
        NonceGate.Offer offer = gate.offer(sender, nonce, next, payload);
        switch (offer.verdict()) {
            case TOO_FAR_AHEAD:
                return refuse(ReasonCode.NONCE_AHEAD, "nonce " + nonce + " is too far ahead of the next nonce " + next);
            case PARKING_FULL:
                return refuse(ReasonCode.NONCE_AHEAD, "too many transactions of this account wait for earlier nonces");
            default:
                break;
        }
        offer.release().forEach(p -> released.add(Bytes.wrap(p.toByteArray())));
        accepted.increment();
        return new Accepted(id, "pending");
    }

    private Submission refuse(ReasonCode reason, String detail) {
        rejected.increment(reason.name());
        return new Refused(reason.name(), detail);
    }
}
