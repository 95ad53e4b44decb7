package io.yantar.consensus.core;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Requests known to this replica and not yet committed, in arrival order. {@code unproposed} is
 * the subset not in any proposal accepted in the current view and not {@linkplain #hold held}:
 * what the primary may still cut, and what a backup re-forwards when it waits too long.
 */
final class RequestPool {
    static final long REFORWARD_BACKOFF_MAX = 32;

    record Request(RequestKey key, Bytes payload, long arrivedMillis) {
    }

    private final LinkedHashMap<RequestKey, Request> pending = new LinkedHashMap<>();
    private final LinkedHashMap<RequestKey, Request> unproposed = new LinkedHashMap<>();
    private final Set<RequestKey> inFlight = new HashSet<>();
    private final Set<RequestKey> held = new HashSet<>();
    private final Map<RequestKey, Reforwarded> reforwarded = new HashMap<>();
    private long unproposedBytes;

    boolean contains(RequestKey key) {
        return pending.containsKey(key);
    }

    int size() {
        return pending.size();
    }

    void add(Request request) {
        pending.put(request.key(), request);
        makeProposable(request);
    }

    /**
     * Adds a copy of a request whose block was delivered and has not executed yet: it waits, not
     * proposable, until {@link #release} (the block executed and refused it without using its
     * nonce, so it may be ordered again) or {@link #committed} (it executed).
     */
    void hold(Request request) {
        pending.put(request.key(), request);
        held.add(request.key());
    }

    /** A held request becomes proposable. */
    void release(RequestKey key) {
        Request request = pending.get(key);
        if (held.remove(key) && request != null) {
            makeProposable(request);
        }
    }

    private void makeProposable(Request request) {
        if (!inFlight.contains(request.key()) && !held.contains(request.key()) && unproposed.putIfAbsent(request.key(), request) == null) {
            unproposedBytes += request.payload().length();
        }
    }

    /** The keys are now in a proposal accepted in the current view. */
    void markInFlight(List<RequestKey> keys) {
        for (RequestKey key : keys) {
            inFlight.add(key);
            Request removed = unproposed.remove(key);
            if (removed != null) {
                unproposedBytes -= removed.payload().length();
            }
        }
    }

    /**
     * The keys were committed: forget them.
     *
     * @return whether a committed request had arrived here after the oldest one still waiting:
     *     the primary ordered a younger request past it (evidence of censorship if it persists)
     */
    boolean committed(List<RequestKey> keys) {
        long youngestCommittedMillis = Long.MIN_VALUE;
        for (RequestKey key : keys) {
            Request request = pending.remove(key);
            if (request != null) {
                youngestCommittedMillis = Math.max(youngestCommittedMillis, request.arrivedMillis());
            }
            inFlight.remove(key);
            held.remove(key);
            reforwarded.remove(key);
            Request removed = unproposed.remove(key);
            if (removed != null) {
                unproposedBytes -= removed.payload().length();
            }
        }
        return youngestCommittedMillis > oldestPendingMillis();
    }

    /** The oldest request not yet committed, or null. */
    RequestKey oldestPendingKey() {
        return pending.isEmpty() ? null : pending.keySet().iterator().next();
    }

    /** A new view began: only the proposals accepted in it are in flight. */
    void resetInFlight(List<List<RequestKey>> acceptedInView) {
        inFlight.clear();
        reforwarded.clear(); // the new primary may lack them: each is due once more
        unproposed.clear();
        unproposedBytes = 0;
        for (List<RequestKey> keys : acceptedInView) {
            inFlight.addAll(keys);
        }
        for (Request request : pending.values()) {
            makeProposable(request);
        }
    }

    void removeIf(Predicate<RequestKey> executed) {
        List<RequestKey> gone = new ArrayList<>();
        for (RequestKey key : pending.keySet()) {
            if (executed.test(key)) {
                gone.add(key);
            }
        }
        committed(gone);
    }

    int unproposedCount() {
        return unproposed.size();
    }

    long unproposedBytes() {
        return unproposedBytes;
    }

    /** Arrival of the oldest request not yet committed, or {@link Long#MAX_VALUE}. */
    long oldestPendingMillis() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.values().iterator().next().arrivedMillis();
    }

    long oldestUnproposedMillis() {
        return unproposed.isEmpty() ? Long.MAX_VALUE : unproposed.values().iterator().next().arrivedMillis();
    }

    /** Removes and returns the oldest unproposed requests, within both limits (at least one). */
    List<Request> cutBatch(int maxTxs, long maxBytes) {
        List<Request> batch = new ArrayList<>(Math.min(maxTxs, unproposed.size()));
        long bytes = 0;
        Iterator<Request> iterator = unproposed.values().iterator();
        while (iterator.hasNext() && batch.size() < maxTxs) {
            Request next = iterator.next();
            if (!batch.isEmpty() && bytes + next.payload().length() > maxBytes) {
                break;
            }
            batch.add(next);
            bytes += next.payload().length();
            iterator.remove();
            inFlight.add(next.key());
        }
        unproposedBytes -= bytes;
        return batch;
    }

    /**
     * Up to {@code max} waiting requests, oldest first, that are due to be forwarded to the
     * primary again, and marks them forwarded: a request is due {@code intervalMillis} after it
     * arrived, then after twice as long again, four times, up to {@value #REFORWARD_BACKOFF_MAX}
     * times, and every {@value #REFORWARD_BACKOFF_MAX} intervals from then on. Every backup used
     * to re-send each waiting request every interval: under load the primary received about nine
     * copies of every payment, and its signature checks fell tens of thousands of payments behind.
     */
    List<Bytes> dueForReforward(long nowMillis, long intervalMillis, int max) {
        List<Bytes> out = new ArrayList<>();
        for (Request request : unproposed.values()) {
            if (request.arrivedMillis() > nowMillis - intervalMillis || out.size() >= max) {
                break; // in arrival order: none after this one is due either
            }
            Reforwarded last = reforwarded.get(request.key());
            if (last == null || nowMillis >= last.dueMillis()) {
                long backoff = last == null ? 2 : Math.min(2 * last.backoffIntervals(), REFORWARD_BACKOFF_MAX);
                out.add(request.payload());
                reforwarded.put(request.key(), new Reforwarded(nowMillis + backoff * intervalMillis, backoff));
            }
        }
        return out;
    }

    /** When a request forwarded to the primary again is due once more, and the intervals that wait was. */
    private record Reforwarded(long dueMillis, long backoffIntervals) {
    }
}
