package io.yantar.bench.load;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which bench payments are in flight, since when, and for which phase. A payment counts only
 * when its receipt arrives in a committed block ({@link #onReceipt}); payments still pending
 * when a phase's drain ends are recorded as lost at that moment, and counted in the total if
 * they commit later (the ledger check compares the total with the ledger's nonces).
 */
final class CommitTracker {
    /** The ledger refuses these before touching the sender: they use no nonce (TransactionExecutor). */
    static final Set<String> NONCE_REFUSALS = Set.of("NONCE_REPLAYED", "NONCE_AHEAD");

    private record Sent(long originNanos, Phase phase) {
    }

    private final Map<String, Sent> pending = new ConcurrentHashMap<>();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private final AtomicLong committedTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();
    private final AtomicLong nonceConsumingTotal = new AtomicLong();
    private final Map<String, AtomicLong> failureReasons = new ConcurrentHashMap<>();

    void sent(String id, long originNanos, Phase phase) {
        pending.put(id, new Sent(originNanos, phase));
    }

    /** The node asked us to retry it later: it is not in flight meanwhile. */
    void unsent(String id) {
        Sent sent = pending.remove(id);
        if (sent != null) {
            sent.phase().releaseSlot();
        }
    }

    void refused(String id) {
        Sent sent = pending.remove(id);
        if (sent != null) {
            sent.phase().refused.incrementAndGet();
            sent.phase().releaseSlot();
        }
    }

    /** A receipt of a committed block; {@code reasonCode} is empty on success. */
    void onReceipt(String txId, boolean success, String reasonCode, long nowNanos) {
        if (!io.yantar.ledger.tx.ReasonCode.settles(success, reasonCode)) {
            return; // NONCE_AHEAD: ordered before an earlier nonce; the nodes order it again, it is still in flight
        }
        Sent sent = pending.remove(txId);
        if (sent == null) {
            if (expired.remove(txId)) {
                countCommitted(success, reasonCode);
            }
            return;
        }
        countCommitted(success, reasonCode);
        Phase phase = sent.phase();
        phase.committed.incrementAndGet();
        if (!success) {
            phase.failedAtExecution.incrementAndGet();
        }
        phase.recordLatency(sent.originNanos(), nowNanos);
        phase.releaseSlot();
    }

    private void countCommitted(boolean success, String reasonCode) {
        committedTotal.incrementAndGet();
        if (!success) {
            failedTotal.incrementAndGet();
            failureReasons.computeIfAbsent(reasonCode, reason -> new AtomicLong()).incrementAndGet();
        }
        if (!NONCE_REFUSALS.contains(reasonCode)) {
            nonceConsumingTotal.incrementAndGet();
        }
    }

    int inFlight() {
        return pending.size();
    }

    int inFlight(Phase phase) {
        return (int) pending.values().stream().filter(sent -> sent.phase() == phase).count();
    }

    /** Ends the wait for the phase's payments: each still pending is lost, with its latency so far. */
    void expire(Phase phase, long nowNanos) {
        pending.forEach((id, sent) -> {
            if (sent.phase() == phase && pending.remove(id, sent)) {
                expired.add(id);
                phase.lost.incrementAndGet();
                phase.recordLatency(sent.originNanos(), nowNanos);
                phase.releaseSlot();
            }
        });
    }

    /** Bench payments seen committed (successful or refused at execution), over the whole run. */
    long committedTotal() {
        return committedTotal.get();
    }

    long failedTotal() {
        return failedTotal.get();
    }

    /** Committed bench payments that used a nonce of their sender: what the ledger's nonces must add up to. */
    long nonceConsumingTotal() {
        return nonceConsumingTotal.get();
    }

    /** Reason codes of bench payments committed as failed, with their counts. */
    Map<String, AtomicLong> failureReasons() {
        return failureReasons;
    }
}
