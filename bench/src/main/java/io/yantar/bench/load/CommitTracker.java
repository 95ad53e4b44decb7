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
    private record Sent(long originNanos, Phase phase) {
    }

    private final Map<String, Sent> pending = new ConcurrentHashMap<>();
    private final Set<String> expired = ConcurrentHashMap.newKeySet();
    private final AtomicLong committedTotal = new AtomicLong();
    private final AtomicLong failedTotal = new AtomicLong();

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

    void onReceipt(String txId, boolean success, long nowNanos) {
        Sent sent = pending.remove(txId);
        if (sent == null) {
            if (expired.remove(txId)) {
                countCommitted(success);
            }
            return;
        }
        countCommitted(success);
        Phase phase = sent.phase();
        phase.committed.incrementAndGet();
        if (!success) {
            phase.failedAtExecution.incrementAndGet();
        }
        phase.recordLatency(sent.originNanos(), nowNanos);
        phase.releaseSlot();
    }

    private void countCommitted(boolean success) {
        committedTotal.incrementAndGet();
        if (!success) {
            failedTotal.incrementAndGet();
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
}
