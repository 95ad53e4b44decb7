package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Hands a sender's transactions to consensus in nonce order. A transaction whose nonce is
 * ahead of the next one (a gap: an earlier one is still on its way) waits here, bounded per
 * account, and is released as soon as the gap fills; otherwise it would be ordered first and
 * fail with NONCE_AHEAD. Released nonces are remembered only while above the ledger's.
 */
final class NonceGate {
    /** What happened to an offered transaction. */
    enum Verdict { RELEASED, PARKED, PARKING_FULL, TOO_FAR_AHEAD }

    record Offer(Verdict verdict, List<ByteString> release) {
    }

    private final int parkedPerAccountMax;
    private final long nonceGapMax;
    private final Map<ByteString, Long> releasedUpTo = new HashMap<>();
    private final Map<ByteString, TreeMap<Long, ByteString>> parked = new HashMap<>();

    NonceGate(int parkedPerAccountMax, long nonceGapMax) {
        this.parkedPerAccountMax = parkedPerAccountMax;
        this.nonceGapMax = nonceGapMax;
    }

    /**
     * @param ledgerNextNonce the sender's next nonce in the executed ledger
     * @return the payloads to hand to consensus now, in nonce order (this one and any it unblocked)
     */
    synchronized Offer offer(ByteString sender, long nonce, long ledgerNextNonce, ByteString payload) {
        long expected = Math.max(ledgerNextNonce, releasedUpTo.getOrDefault(sender, -1L) + 1);
        if (nonce < expected) {
            return new Offer(Verdict.RELEASED, List.of(payload)); // a retry: consensus deduplicates it
        }
        if (nonce > expected) {
            if (nonce - expected > nonceGapMax) {
                return new Offer(Verdict.TOO_FAR_AHEAD, List.of());
            }
            TreeMap<Long, ByteString> waiting = parked.computeIfAbsent(sender, s -> new TreeMap<>());
            if (waiting.size() >= parkedPerAccountMax && !waiting.containsKey(nonce)) {
                return new Offer(Verdict.PARKING_FULL, List.of());
            }
            waiting.put(nonce, payload);
            return new Offer(Verdict.PARKED, List.of());
        }
        List<ByteString> release = new ArrayList<>();
        release.add(payload);
        long released = nonce;
        TreeMap<Long, ByteString> waiting = parked.get(sender);
        while (waiting != null && waiting.containsKey(released + 1)) {
            released++;
            release.add(waiting.remove(released));
        }
        if (waiting != null && waiting.isEmpty()) {
            parked.remove(sender);
        }
        releasedUpTo.put(sender, released);
        return new Offer(Verdict.RELEASED, release);
    }

    /**
     * A committed block refused this transaction NONCE_AHEAD: it was ordered before an earlier
     * nonce of its sender, used nothing, and must be ordered again after that nonce. It waits
     * here like a payment that arrived early, released when the ledger's next nonce reaches it.
     *
     * @return what can go to consensus now, in nonce order (it, if its turn has come)
     */
    List<ByteString> requeue(ByteString sender, long nonce, long ledgerNextNonce, ByteString payload) {
        synchronized (this) {
            if (Long.compareUnsigned(nonce, ledgerNextNonce) < 0) {
                return List.of(); // another payment with this nonce executed: this one is settled
            }
            // Until the ledger executes the nonces before it, nothing of this sender counts as handed
            // on: waiting for execution (not merely release) keeps a lost earlier nonce from making
            // this one fail again in every block.
            releasedUpTo.remove(sender);
            TreeMap<Long, ByteString> waiting = parked.computeIfAbsent(sender, s -> new TreeMap<>());
            if (waiting.size() < parkedPerAccountMax || waiting.containsKey(nonce)) {
                waiting.put(nonce, payload);
            }
            return executed(sender, ledgerNextNonce);
        }
    }

    /**
     * The ledger executed the sender's nonces below {@code ledgerNextNonce}: releases what waited
     * for them (the earlier nonces may have reached consensus through another node) and forgets
     * what is no longer needed.
     */
    List<ByteString> executed(ByteString sender, long ledgerNextNonce) {
        List<ByteString> release = new ArrayList<>();
        synchronized (this) {
            TreeMap<Long, ByteString> waiting = parked.get(sender);
            long released = releasedUpTo.getOrDefault(sender, -1L);
            if (waiting != null) {
                waiting.headMap(ledgerNextNonce).clear();
                long expected = Math.max(ledgerNextNonce, released + 1);
                while (waiting.containsKey(expected)) {
                    release.add(waiting.remove(expected));
                    released = expected++;
                }
                if (waiting.isEmpty()) {
                    parked.remove(sender);
                }
            }
            if (released >= ledgerNextNonce || parked.containsKey(sender)) {
                releasedUpTo.put(sender, released);
            } else {
                releasedUpTo.remove(sender);
            }
        }
        return release;
    }
}
