package io.yantar.bench.load;

import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends the pre-signed payments: one sender thread per node, each with its own queue (an
 * account always goes to the same node, so its nonces arrive in order), batches over the
 * batch endpoint, at most {@code requestsPerNodeMax} requests in flight per node.
 * <ul>
 *   <li>closed loop: a payment is sent when the window has room (a payment leaves it when it
 *       commits), so the node sets the pace: the maximum;</li>
 *   <li>open loop: payment j of a node is due at start + j x nodes / rate whatever happened
 *       before; its latency counts from that due time, so a stalled system cannot hide its
 *       delay (no coordinated omission).</li>
 * </ul>
 * Payments the node answers "overloaded"/"unavailable" are sent again later, keeping their
 * origin time.
 */
final class LoadDriver {
    private static final long RETRY_DELAY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long IDLE_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    /** A payment waiting to be sent again; {@code holdsSlot} when it is still counted in flight (the request failed, not the payment). */
    private record Retry(SignedPayment payment, long originNanos, long notBeforeNanos, boolean holdsSlot) {
    }

    private final NodeApi api;
    private final List<URI> nodes;
    private final CommitTracker tracker;
    private final int batch;
    private final List<Deque<SignedPayment>> fresh = new ArrayList<>();
    private final List<Deque<Retry>> retries = new ArrayList<>();
    private final List<Semaphore> requestSlots = new ArrayList<>();
    private final int requestsPerNodeMax;
    private final Map<String, AtomicLong> refusals = new ConcurrentHashMap<>();
    private volatile boolean stopRequested;

    LoadDriver(NodeApi api, List<URI> nodes, CommitTracker tracker, int batch, int requestsPerNodeMax) {
        this.api = api;
        this.nodes = List.copyOf(nodes);
        this.tracker = tracker;
        this.batch = batch;
        this.requestsPerNodeMax = requestsPerNodeMax;
        for (int i = 0; i < nodes.size(); i++) {
            fresh.add(new ArrayDeque<>());
            retries.add(new ConcurrentLinkedDeque<>());
            requestSlots.add(new Semaphore(requestsPerNodeMax));
        }
    }

    /** Queues payments (in the order they must be sent) to their nodes. */
    void enqueue(List<SignedPayment> payments) {
        for (SignedPayment payment : payments) {
            fresh.get(payment.node() % nodes.size()).addLast(payment);
        }
    }

    /** Ends the running phase, and any later one, as if its deadline had passed: the senders stop taking payments. */
    void stopSending() {
        stopRequested = true;
    }

    /** Refusal reasons with their counts, e.g. "refused NONCE_AHEAD: ..." (the first words of each). */
    Map<String, AtomicLong> refusals() {
        return refusals;
    }

    /**
     * Runs a phase until {@code deadlineNanos} or until the queues run dry; returns when every
     * sender has stopped and every request has been answered. Returns the time the senders stopped.
     */
    long run(Phase phase, long startNanos, long deadlineNanos, double openLoopRatePerSecond) {
        List<Thread> senders = new ArrayList<>();
        for (int node = 0; node < nodes.size(); node++) {
            int index = node;
            double nanosPerPayment = phase.open ? 1e9 * nodes.size() / openLoopRatePerSecond : 0;
            Thread sender = new Thread(() -> send(index, phase, startNanos, deadlineNanos, nanosPerPayment), "bench-sender-" + (node + 1));
            sender.setDaemon(true);
            senders.add(sender);
            sender.start();
        }
        for (Thread sender : senders) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        long stopped = Math.min(System.nanoTime(), deadlineNanos);
        for (Semaphore slots : requestSlots) {
            slots.acquireUninterruptibly(requestsPerNodeMax);
            slots.release(requestsPerNodeMax);
        }
        return stopped;
    }

    private void send(int node, Phase phase, long startNanos, long deadlineNanos, double nanosPerPayment) {
        Deque<SignedPayment> queue = fresh.get(node);
        Deque<Retry> again = retries.get(node);
        long sentFresh = 0;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadlineNanos || stopRequested || (queue.isEmpty() && again.isEmpty())) {
                return;
            }
            List<SignedPayment> payments = new ArrayList<>(batch);
            List<Long> origins = new ArrayList<>(batch);
            int acquired = phase.open ? batch : acquireWindow(phase);
            int newSlots = takeRetries(again, now, acquired, payments, origins);
            while (payments.size() < batch && newSlots < acquired && !queue.isEmpty()) {
                long origin = phase.open ? startNanos + (long) (sentFresh * nanosPerPayment) : now;
                if (origin > now) {
                    break;
                }
                payments.add(queue.pollFirst());
                origins.add(origin);
                sentFresh++;
                newSlots++;
            }
            if (!phase.open && acquired > newSlots) {
                phase.window.release(acquired - newSlots); // permits not used this time go back
            }
            if (payments.isEmpty()) {
                LockSupport.parkNanos(IDLE_PARK_NANOS);
                continue;
            }
            submit(node, phase, payments, origins);
        }
    }

    /** Takes up to one batch of window permits; 0 when the window is full. */
    private int acquireWindow(Phase phase) {
        int wanted = Math.min(batch, phase.window.availablePermits());
        return wanted > 0 && phase.window.tryAcquire(wanted) ? wanted : 0;
    }

    /**
     * Moves due retries into the batch: those still holding a window slot always, the others
     * while {@code newSlotsMax} allows. Returns how many new slots they took.
     */
    private int takeRetries(Deque<Retry> again, long now, int newSlotsMax, List<SignedPayment> payments, List<Long> origins) {
        int newSlots = 0;
        int scanned = again.size();
        while (payments.size() < batch && scanned-- > 0) {
            Retry retry = again.pollFirst();
            if (retry == null) {
                break;
            }
            if (retry.notBeforeNanos() > now || (!retry.holdsSlot() && newSlots >= newSlotsMax)) {
                again.addLast(retry);
                continue;
            }
            payments.add(retry.payment());
            origins.add(retry.originNanos());
            if (!retry.holdsSlot()) {
                newSlots++;
            }
        }
        return newSlots;
    }

    private void submit(int node, Phase phase, List<SignedPayment> payments, List<Long> origins) {
        Semaphore slots = requestSlots.get(node);
        slots.acquireUninterruptibly();
        for (int i = 0; i < payments.size(); i++) {
            tracker.sent(payments.get(i).id(), origins.get(i), phase);
        }
        api.submitBatch(nodes.get(node), payments).whenComplete((results, failure) -> {
            try {
                long retryAt = System.nanoTime() + RETRY_DELAY_NANOS;
                for (int i = 0; i < payments.size(); i++) {
                    SignedPayment payment = payments.get(i);
                    if (failure != null) {
                        // The node may have admitted it: it stays in flight and is sent again (admission is idempotent).
                        retries.get(node).addLast(new Retry(payment, origins.get(i), retryAt, true));
                        continue;
                    }
                    NodeApi.ItemResult result = results.get(i);
                    switch (result.status()) {
                        case ACCEPTED -> {
                        }
                        case RETRY -> {
                            tracker.unsent(payment.id());
                            retries.get(node).addLast(new Retry(payment, origins.get(i), retryAt, false));
                        }
                        case REFUSED -> {
                            tracker.refused(payment.id());
                            String reason = result.detail().length() > 60 ? result.detail().substring(0, 60) : result.detail();
                            refusals.computeIfAbsent(reason, r -> new AtomicLong()).incrementAndGet();
                        }
                    }
                }
                if (failure != null) {
                    refusals.computeIfAbsent("request failed (sent again): " + failure.getClass().getSimpleName(), r -> new AtomicLong()).incrementAndGet();
                }
            } finally {
                slots.release();
            }
        });
    }
}
