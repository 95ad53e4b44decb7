package io.yantar.consensus.core;

import io.yantar.consensus.core.DurableRecord.AcceptedPrePrepare;
import io.yantar.consensus.core.DurableRecord.EpochEntered;
import io.yantar.consensus.core.DurableRecord.OwnMessage;
import io.yantar.consensus.core.DurableRecord.StableCheckpoint;
import io.yantar.consensus.core.DurableRecord.ViewEntered;
import io.yantar.consensus.core.Input.ClientRequest;
import io.yantar.consensus.core.Input.EpochScheduled;
import io.yantar.consensus.core.Input.Executed;
import io.yantar.consensus.core.Input.FromPeer;
import io.yantar.consensus.core.Input.StateTransferred;
import io.yantar.consensus.core.Input.Tick;
import io.yantar.consensus.core.message.Checkpoint;
import io.yantar.consensus.core.message.Commit;
import io.yantar.consensus.core.message.ConsensusMessage;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.NewView;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.core.message.PrePrepare;
import io.yantar.consensus.core.message.Prepare;
import io.yantar.consensus.core.message.PreparedCertificate;
import io.yantar.consensus.core.message.Proposal;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.Signed;
import io.yantar.consensus.core.message.ViewChange;
import io.yantar.consensus.core.message.Vote;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One PBFT replica (Castro-Liskov, signature variant) as a deterministic state machine:
 * {@code Outputs step(Input)}. No clock, thread, randomness or I/O: the same inputs give the same
 * outputs. The caller persists {@link Outputs#persist()} before sending {@link Outputs#send()}.
 *
 * <p>Peer input is validated and rejected with a {@link RejectReason}, never an exception; a broken
 * internal invariant throws {@link IllegalStateException}.
 *
 * <p>What this adds to the paper, each for liveness on lossy links and never weakening a quorum:
 * <ul>
 *   <li>A block commits at a replica that holds its proposal and 2f+1 matching COMMITs, whatever
 *       view it is in and whether or not it prepared: the certificate alone proves f+1 honest
 *       replicas prepared it. Replicas relay certificates and proposals of heights not yet under a
 *       stable checkpoint, and the proof of their stable checkpoint, so a replica that missed
 *       messages catches up or learns it must fetch state.</li>
 *   <li>A replica that voted two ways is faulty; each of its votes still counts for its digest
 *       (quorum intersection already assumes faulty replicas vote every way).</li>
 *   <li>The backup's request timer measures the primary's progress (time since the last block
 *       delivered, for pending requests), so a busy primary is not suspected; the oldest request
 *       may still wait at most a few timeouts, so a primary that orders other requests while
 *       ignoring one (censorship) is still replaced.</li>
 *   <li>f+1 replicas heard in higher views (any signed message) pull a replica along; a
 *       replica keeps its and others' VIEW-CHANGEs for a few views, because one that timed out
 *       into v+1 still counts for v.</li>
 *   <li>Requests can be committed twice (a NEW-VIEW may re-propose an old certificate holding a
 *       request a later view also ordered); execution skips what {@link Application#alreadyExecuted}
 *       says ran, as the paper's clients' timestamps do.</li>
 * </ul>
 *
 * <p>Epochs (membership changes): the node hands in {@link Input.EpochScheduled} when the ledger
 * executes the block that schedules the next validator set. Nothing above the current epoch's last
 * height is ordered in it. When the checkpoint at that last height is stable the replica switches:
 * it journals {@link DurableRecord.EpochEntered}, then quorums, primaries, signers and the window
 * are the new set's, and views restart at 0 (every replica switches at the same height, so view 0
 * of the new epoch needs no view change; (epoch, view) names a view). Messages of older epochs are
 * dropped ({@link RejectReason#STALE_EPOCH}), and their senders are sent the proof of their epoch's
 * last checkpoint so they can switch too; messages of later epochs wait in a bounded buffer. A
 * node outside the current set (an observer, a removed or a future validator) signs nothing and
 * sends no votes, but follows commits and checkpoints.
 */
public final class Replica {
    private static final int VIEW_CHANGES_KEPT_PER_REPLICA = 4;

    private final Config config;
    private final String selfId;
    private final Application application;
    /** This node's keys over any epoch; {@link #signer} is it bound to the current set. */
    private final Authenticator authenticator;
    private EpochHistory history;
    private ValidatorSet validators;
    /** Position in the current set, or -1: not a member (signs nothing). */
    private int self;
    private Authenticator signer;
    private Certificates certificates;
    private int quorum;
    /** The proof of each finished epoch's last checkpoint, by epoch: sent to replicas still in that epoch. */
    private final TreeMap<Long, CheckpointCertificate> boundaries = new TreeMap<>();
    private long lastBoundaryAnnounced = -1;
    /** Older epochs heard from since the last retransmission. */
    private final Set<Long> staleEpochsHeard = new TreeSet<>();
    private final ArrayDeque<FromPeer> futureEpochMessages = new ArrayDeque<>();
    /** Records a restore derived (an epoch switch it completed), persisted with the first step's outputs. */
    private List<DurableRecord> restoredRecords = List.of();

    /**
     * The time every timer and waiting request is measured in: the clock handed in by ticks, less
     * the time this replica was detected not running ({@link #stalledMillis}). Proposal timestamps
     * and the skew check use {@link #wallNow}, the clock itself.
     */
    private long now;
    private long wallNow;
    /** Time this replica was not running, summed over the stalls detected by {@link #onTick}. */
    private long stalledMillis;
    /** The clock time by which the last step's deadlines asked to be woken (none: MAX_VALUE). */
    private long wakeByWallMillis = Long.MAX_VALUE;
    private long view;
    private boolean viewChanging;
    private long viewEnteredMillis;
    /** Current wait for NEW-VIEW; doubles per failed view, capped, reset when a block commits. */
    private long viewChangeTimeoutMillis;

    private long stableHeight;
    private long stableEpoch;
    private Bytes stableDigest = Bytes.EMPTY;
    private List<Signed> stableProof = List.of();
    private long lastDelivered;
    private long lastExecuted;
    private long lastCommittedTimestampMillis;
    /** Own block hashes at executed checkpoint heights not yet stable: checked against the stable digest. */
    private final Map<Long, Bytes> ownCheckpointDigests = new HashMap<>();
    /** Height a state transfer must bring us to before blocks above it can be delivered (0: none). */
    private long fetchTarget;
    private boolean fetchAnnounced = true;

    private final MessageLog log;
    private CheckpointTracker checkpoints;
    private final RequestPool requests = new RequestPool();
    private long nextProposalHeight = 1;
    private long lastProposalTimestampMillis;

    /** Valid VIEW-CHANGEs above the last view entered, ours included. */
    private ViewChangeStore viewChanges;
    /** The view this replica last entered in normal operation: VIEW-CHANGEs above it are re-sent until the next. */
    private long lastNormalView;
    /** The NEW-VIEW that started the current view (sent or accepted), relayed to replicas left behind. */
    private Signed currentNewView;
    private final ArrayDeque<FromPeer> futureMessages = new ArrayDeque<>();

    private final Timer requestTimer = new Timer("request");
    /** Request keys of delivered blocks by height, until executed; see {@link #forgetExecutedDeliveries}. */
    private final java.util.TreeMap<Long, List<RequestKey>> deliveredUnexecuted = new java.util.TreeMap<>();
    private final Set<RequestKey> deliveredUnexecutedKeys = new HashSet<>();
    private final Set<RequestKey> readmittedBeforeExecution = new HashSet<>();
    /** How many request timeouts a request may wait while the primary orders younger ones past it (censorship bound). */
    private static final int CENSORSHIP_TIMEOUT_FACTOR = 5;
    /** The oldest waiting request once a younger one was committed past it, and since when; null: none overtaken. */
    private RequestKey overtakenRequest;
    private long overtakenSinceMillis;
    /** When this replica last delivered a committed block (the primary's progress, seen from here). */
    private long lastProgressMillis;
    /**
     * When this backup first accepted or refused a proposal of the current view's primary that is
     * not yet delivered, and the highest such height (-1: none). See {@link #noteAwaitedProposal}.
     */
    private long awaitedProposalMillis = -1;
    private long awaitedProposalHeight = -1;
    /** Retransmission rounds since this replica last saw progress (whole proposals are re-sent on a backoff). */
    private int stalledRetransmits;
    private final ProgressTimeout progressTimeout;
    private String lastViewChangeCause = "";
    private final Timer viewChangeTimer = new Timer("view-change");
    private final Timer batchTimer = new Timer("batch");
    private final Timer retransmitTimer = new Timer("retransmit");

    private long[] lastHeardView;
    private long[] lastHeardMillis;
    private final EnumMap<RejectReason, Long> rejections = new EnumMap<>(RejectReason.class);

    private Effects effects = new Effects();

    private Replica(Config config, EpochHistory history, String selfId, Application application, Authenticator authenticator,
                    long nowMillis, ValidatorSet current) {
        this.config = config;
        this.history = history;
        this.selfId = selfId;
        this.application = application;
        this.authenticator = authenticator;
        this.now = nowMillis;
        this.wallNow = nowMillis;
        this.progressTimeout = new ProgressTimeout(config.requestTimeoutMillis());
        this.log = new MessageLog(config.watermarkWindow());
        enterEpoch(current);
        retransmitTimer.startAt(nowMillis + config.retransmitIntervalMillis());
    }

    /** A replica at genesis: view 0, nothing executed; {@code self} is its position in {@code validators}. */
    public static Replica create(Config config, ValidatorSet validators, int self, Application application,
                                 Authenticator authenticator, long nowMillis) {
        if (!validators.contains(self)) {
            throw new IllegalArgumentException("replica " + self + " is not in the validator set of size " + validators.size());
        }
        return create(config, EpochHistory.of(validators), validators.members().get(self), application, authenticator, nowMillis);
    }

    /**
     * A node at genesis, member of the genesis set or not ({@code selfId} outside it: an observer
     * until an epoch that includes it), knowing the epochs in {@code history}.
     */
    public static Replica create(Config config, EpochHistory history, String selfId, Application application,
                                 Authenticator authenticator, long nowMillis) {
        Replica replica = new Replica(config, history, selfId, application, authenticator, nowMillis, history.genesis());
        replica.maybeSwitchEpoch();
        replica.effects = new Effects();
        return replica;
    }

    /**
     * The per-epoch state: signers, quorum, vote stores, the window's ceiling. View numbering
     * restarts at 0 in every epoch.
     */
    /** This set's keys; a vote's signature is verified once however many copies arrive. */
    private Authenticator rememberingVerdicts(ValidatorSet set) {
        return new RememberingAuthenticator(authenticator.forEpoch(set), RememberingAuthenticator.capacityFor(config, set));
    }

    private void enterEpoch(ValidatorSet set) {
        validators = set;
        signer = rememberingVerdicts(set);
        self = signer.holdsMemberKey() ? set.indexOf(selfId) : -1; // a replaced machine observes
        Certificates previous = history.ofEpoch(set.epoch() - 1)
                .map(old -> new Certificates(config, old, rememberingVerdicts(old), application)).orElse(null);
        certificates = new Certificates(config, set, signer, application, previous);
        quorum = certificates.quorum();
        checkpoints = new CheckpointTracker(set.size(), config.watermarkWindow() / config.checkpointInterval() + 2);
        viewChanges = new ViewChangeStore(set.size(), VIEW_CHANGES_KEPT_PER_REPLICA);
        lastHeardView = new long[set.size()];
        lastHeardMillis = new long[set.size()];
        Arrays.fill(lastHeardView, -1);
        Arrays.fill(lastHeardMillis, -1);
        view = 0;
        viewChanging = false;
        lastNormalView = 0;
        currentNewView = null;
        viewEnteredMillis = now;
        forgetAwaitedProposal();
        viewChangeTimeoutMillis = config.viewChangeTimeoutMillis();
        viewChangeTimer.stop();
        requestTimer.stop();
        log.clearForEpoch();
        capWindowAtEpochEnd();
        futureMessages.clear();
        nextProposalHeight = stableHeight + 1;
        requests.resetInFlight(List.of());
    }

    private void capWindowAtEpochEnd() {
        history.ofEpoch(validators.epoch() + 1).ifPresent(next -> log.capAt(next.startHeight() - 1));
    }

    /** The last height of the current epoch, when the next one is known. */
    private long epochLastHeight() {
        return history.ofEpoch(validators.epoch() + 1).map(next -> next.startHeight() - 1).orElse(Long.MAX_VALUE);
    }

    private void onEpochScheduled(ValidatorSet next) {
        if (next.startHeight() < 1 || (next.startHeight() - 1) % config.checkpointInterval() != 0) {
            throw new IllegalStateException("epoch " + next.epoch() + " must start just after a checkpoint height (K = "
                    + config.checkpointInterval() + "), not at " + next.startHeight());
        }
        history = history.with(next);
        capWindowAtEpochEnd();
    }

    /**
     * Switches to the next epoch once the checkpoint at the current epoch's last height is stable.
     * The record goes to the journal before any message of the new epoch leaves (persist before send).
     */
    private void maybeSwitchEpoch() {
        while (true) {
            Optional<ValidatorSet> next = history.ofEpoch(validators.epoch() + 1);
            if (next.isEmpty() || stableHeight < next.get().startHeight() - 1) {
                return;
            }
            CheckpointCertificate boundary = new CheckpointCertificate(stableEpoch, stableHeight, stableDigest, stableProof);
            boundaries.put(validators.epoch(), boundary);
            effects.persist(new EpochEntered(next.get(), boundary));
            enterEpoch(next.get());
            replayFutureEpochMessages();
        }
    }

    private void replayFutureEpochMessages() {
        replayHeld(futureEpochMessages, buffered -> signedOf(buffered.message()).message().epoch(), validators.epoch());
    }

    private static Signed signedOf(PeerMessage message) {
        return message instanceof ProposalMessage proposal ? proposal.prePrepare() : (Signed) message;
    }

    /** A message of another epoch: an older one is dropped (its sender is helped along), a later one waits. */
    private void onOtherEpoch(FromPeer input, Signed signed) {
        long epoch = signed.message().epoch();
        if (epoch < validators.epoch()) {
            if (signed.message() instanceof Checkpoint checkpoint && checkpoint.height() <= stableHeight) {
                return; // a proof of a checkpoint we are past, relayed
            }
            reject(RejectReason.STALE_EPOCH);
            if (boundaries.containsKey(epoch)) {
                staleEpochsHeard.add(epoch);
            }
            return;
        }
        if (futureEpochMessages.size() >= config.maxFutureMessages()) {
            reject(RejectReason.FUTURE_BUFFER_FULL);
            return;
        }
        futureEpochMessages.add(input);
    }

    /**
     * A replica after a crash: replays what it persisted ({@code journal}, in order) on top of the
     * application's executed height. It keeps every vote it made, so it cannot vote twice.
     */
    public static Replica restore(Config config, ValidatorSet validators, int self, Application application,
                                  Authenticator authenticator, List<DurableRecord> journal, long executedHeight, long nowMillis) {
        return restore(config, EpochHistory.of(validators), validators.members().get(self), application, authenticator, journal,
                executedHeight, nowMillis);
    }

    /**
     * As above, for a node that knows the epochs in {@code history}: the journal's last
     * {@link DurableRecord.EpochEntered} names the current epoch and its boundary checkpoint; the
     * records before it belong to older epochs and are not replayed.
     */
    public static Replica restore(Config config, EpochHistory history, String selfId, Application application,
                                  Authenticator authenticator, List<DurableRecord> journal, long executedHeight, long nowMillis) {
        int lastEpochRecord = -1;
        for (int i = 0; i < journal.size(); i++) {
            if (journal.get(i) instanceof EpochEntered entered) {
                history = history.with(entered.validators());
                lastEpochRecord = i;
            }
        }
        ValidatorSet current = lastEpochRecord < 0 ? history.genesis() : ((EpochEntered) journal.get(lastEpochRecord)).validators();
        Replica replica = new Replica(config, history, selfId, application, authenticator, nowMillis, current);
        replica.lastDelivered = executedHeight;
        replica.lastExecuted = executedHeight;
        for (DurableRecord record : journal) {
            if (record instanceof EpochEntered entered && entered.boundary() != null) {
                replica.boundaries.put(entered.boundary().epoch(), entered.boundary());
                CheckpointCertificate boundary = entered.boundary();
                replica.makeStable(boundary.height(), boundary.stateDigest(), boundary.checkpoints(), false);
            }
        }
        replica.nextProposalHeight = replica.stableHeight + 1;
        replica.replayJournal(journal.subList(lastEpochRecord + 1, journal.size()), executedHeight);
        replica.effects = new Effects();
        replica.maybeSwitchEpoch();
        replica.restoredRecords = replica.effects.toOutputs(Long.MAX_VALUE).persist();
        replica.effects = new Effects();
        return replica;
    }

    private void replayJournal(List<DurableRecord> journal, long executedHeight) {
        Replica replica = this;
        replica.lastDelivered = executedHeight;
        replica.lastExecuted = executedHeight;
        for (DurableRecord record : journal) { // the stable checkpoint first: it places the window
            if (isCheckpointRecord(record)) {
                replica.replay(record);
            }
        }
        for (DurableRecord record : journal) {
            if (!isCheckpointRecord(record)) {
                replica.replay(record);
            }
        }
        replica.finishRestore();
    }

    // ------------------------------------------------------------------ step

    public Outputs step(Input input) {
        effects = new Effects();
        restoredRecords.forEach(effects::persist);
        restoredRecords = List.of();
        if (input instanceof Tick tick) {
            onTick(tick.nowMillis());
        } else if (input instanceof FromPeer fromPeer) {
            onPeer(fromPeer);
        } else if (input instanceof ClientRequest request) {
            admitRequest(request.payload(), true);
        } else if (input instanceof Executed executed) {
            onExecuted(executed);
        } else if (input instanceof StateTransferred transferred) {
            onStateTransferred(transferred);
        } else if (input instanceof EpochScheduled scheduled) {
            onEpochScheduled(scheduled.next());
        } else {
            throw new IllegalStateException("unknown input " + input);
        }
        if (!fetchAnnounced) {
            announceFetch();
        }
        maybeSwitchEpoch();
        proposeWhileReady();
        armRequestTimer();
        long deadline = nextDeadline();
        wakeByWallMillis = deadline == Timer.NONE ? Long.MAX_VALUE : deadline + (wallNow - now);
        return effects.toOutputs(wakeByWallMillis);
    }

    private long nextDeadline() {
        return Math.min(Math.min(requestTimer.deadline(), viewChangeTimer.deadline()),
                Math.min(batchTimer.deadline(), retransmitTimer.deadline()));
    }

    // ------------------------------------------------------------------ time

    /**
     * A tick later than {@code stallThresholdMillis} past the deadline the replica asked to be
     * woken at means the replica itself was not running (its host ticks it at its deadlines): a
     * garbage collection pause, CPU starvation or a stopped process. It cannot tell whether the
     * primary made progress meanwhile, since the messages that would show it wait unread, so that
     * time is left off its timers: a pause of its own never makes it suspect the primary (a lone
     * suspect leaves the other 3f replicas needing every one of them until the view changes). A
     * silent primary is still suspected after a full timeout of the replica's running time.
     */
    private void onTick(long wallMillis) {
        long late = wallMillis - wakeByWallMillis;
        if (config.stallThresholdMillis() > 0 && late > config.stallThresholdMillis()) {
            stalledMillis += late;
        }
        wallNow = Math.max(wallNow, wallMillis);
        now = Math.max(now, wallMillis - stalledMillis);
        if (viewChangeTimer.fire(now)) {
            viewChangeTimeoutMillis = Math.min(2 * viewChangeTimeoutMillis, config.viewChangeTimeoutMaxMillis());
            startViewChange(view + 1, "view " + view + " did not start in time");
        }
        if (requestTimer.fire(now) && !viewChanging && !isPrimary() && isMember()) {
            startViewChange(view + 1, suspicion());
        }
        batchTimer.fire(now);
        if (retransmitTimer.fire(now)) {
            retransmit();
            retransmitTimer.startAt(now + config.retransmitIntervalMillis());
        }
    }

    /**
     * A backup suspects the primary when a known request has seen no progress for a full
     * timeout: no block delivered since the request arrived (or since the last block), in this
     * view. Progress alone does not clear a primary that censors one request while ordering
     * others: once younger requests were committed past the oldest waiting one, it may wait at
     * most {@link #CENSORSHIP_TIMEOUT_FACTOR} more timeouts. Measuring the oldest request's age
     * instead would suspect a primary that is merely busy (any queue longer than a few timeouts
     * of work): under load every backup started view changes against a working primary.
     */
    private void armRequestTimer() {
        if (awaitedProposalHeight >= 0 && lastDelivered >= awaitedProposalHeight) {
            forgetAwaitedProposal();
        }
        if (viewChanging || isPrimary() || !isMember() || waitingSinceMillis() == Long.MAX_VALUE || lastDelivered >= epochLastHeight()
                || fetchTarget > lastDelivered) {
            // At an epoch's end no primary can order more until the next epoch starts. While this
            // replica fetches blocks that 2f+1 certified, the cluster is progressing: the lag is its own.
            requestTimer.stop();
            return;
        }
        long oldest = Math.max(waitingSinceMillis(), viewEnteredMillis);
        long noProgressSince = Math.max(oldest, lastProgressMillis);
        long censorshipDeadline = overtakenRequest == null || !overtakenRequest.equals(requests.oldestPendingKey()) ? Long.MAX_VALUE
                : Math.max(overtakenSinceMillis, viewEnteredMillis) + CENSORSHIP_TIMEOUT_FACTOR * progressTimeout.millis();
        requestTimer.startAt(Math.min(noProgressSince + progressTimeout.millis(), censorshipDeadline));
    }

    // ------------------------------------------------------------------ requests

    private void admitRequest(Bytes payload, boolean fromClient) {
        if (payload.length() > config.maxPayloadBytes()) {
            reject(RejectReason.PAYLOAD_TOO_LARGE);
            return;
        }
        if (application.replaysExecutedRequest(payload)) {
            reject(RejectReason.DUPLICATE_REQUEST);
            return;
        }
        RequestCheck check = application.check(payload);
        if (!(check instanceof RequestCheck.Accepted accepted)) {
            reject(RejectReason.INVALID_REQUEST);
            return;
        }
        RequestKey key = accepted.key();
        if (requests.contains(key) || application.alreadyExecuted(key)) {
            reject(RejectReason.DUPLICATE_REQUEST);
            return;
        }
        if (requests.size() >= config.maxPendingRequests()) {
            reject(RejectReason.PENDING_FULL);
            return;
        }
        RequestPool.Request request = new RequestPool.Request(key, payload, now);
        if (deliveredUnexecutedKeys.contains(key)) {
            // Not proposable until its block executes: a primary that cut it into its next block
            // had that block refused as a duplicate by every backup that had already executed the
            // first, and accepted by the others; the block stalled until a view change.
            requests.hold(request);
            readmittedBeforeExecution.add(key);
        } else {
            requests.add(request);
        }
        if (fromClient) {
            effects.send(Outbound.toAll(new ForwardedRequests(List.of(payload))));
        }
    }

    // ------------------------------------------------------------------ proposing (primary)

    private void proposeWhileReady() {
        batchTimer.stop();
        if (!isPrimary() || viewChanging) {
            return;
        }
        // Fewer, fuller blocks when the pipeline is busy: each block costs every replica a round of
        // votes, a CHECKPOINT and journal writes whatever it carries, and a full watermark window
        // of small blocks stalls on the slowest replicas' checkpoints.
        while (requests.unproposedCount() > 0 && nextProposalHeight <= log.high()
                && nextProposalHeight - lastDelivered <= config.maxProposalsInFlight()) {
            boolean full = requests.unproposedCount() >= config.maxBatchTxs()
                    || requests.unproposedBytes() >= config.maxBatchBytes();
            long due = requests.oldestUnproposedMillis() + config.batchDelayMillis();
            if (!full && now < due) {
                batchTimer.startAt(due);
                return;
            }
            propose(requests.cutBatch(config.maxBatchTxs(), config.maxBatchBytes()));
        }
    }

    private void propose(List<RequestPool.Request> batch) {
        long height = nextProposalHeight++;
        Slot slot = log.slot(height);
        if (slot.acceptedView >= view) {
            throw new IllegalStateException("primary " + self + " would propose twice at view " + view + " height " + height);
        }
        long timestamp = Math.max(wallNow, Math.max(lastProposalTimestampMillis, timestampFloor(height)));
        lastProposalTimestampMillis = timestamp;
        List<Bytes> payloads = new ArrayList<>(batch.size());
        List<RequestKey> keys = new ArrayList<>(batch.size());
        for (RequestPool.Request request : batch) {
            payloads.add(request.payload());
            keys.add(request.key());
        }
        Proposal proposal = new Proposal(height, view, self, timestamp, false, payloads);
        Signed prePrepare = sign(new PrePrepare(validators.epoch(), view, height, application.digest(proposal), self));
        slot.accept(prePrepare, proposal, keys);
        effects.persist(new OwnMessage(prePrepare));
        effects.persist(new AcceptedPrePrepare(prePrepare, proposal));
        effects.send(Outbound.toAll(new ProposalMessage(prePrepare, proposal)));
    }

    // ------------------------------------------------------------------ peer messages

    private void onPeer(FromPeer input) {
        PeerMessage message = input.message();
        if (message instanceof ForwardedRequests forwarded) {
            if (forwarded.payloads().size() > config.maxBatchTxs()) {
                reject(RejectReason.BATCH_TOO_LARGE);
                return;
            }
            for (Bytes payload : forwarded.payloads()) {
                admitRequest(payload, false);
            }
            return;
        }
        Signed signed = message instanceof ProposalMessage proposal ? proposal.prePrepare() : (Signed) message;
        if (signed == null || signed.message() == null) {
            reject(RejectReason.UNEXPECTED);
            return;
        }
        if (signed.signer() == self && !(message instanceof ProposalMessage || signed.message() instanceof Commit
                || signed.message() instanceof Checkpoint)) {
            return; // our own message relayed back; only proposals, COMMITs and CHECKPOINTs (parts of relayed proofs) matter
        }
        if (signed.message().epoch() != validators.epoch()) {
            onOtherEpoch(input, signed);
            return;
        }
        var invalid = certificates.authenticate(signed);
        if (invalid.isPresent()) {
            reject(invalid.get());
            return;
        }
        ConsensusMessage body = signed.message();
        if (hearFrom(body) > view) {
            joinHigherViews();
        }
        if (message instanceof ProposalMessage proposalMessage) {
            if (!(body instanceof PrePrepare prePrepare) || proposalMessage.proposal() == null) {
                reject(RejectReason.PROPOSAL_MISMATCH);
                return;
            }
            onPrePrepare(input, prePrepare, proposalMessage);
        } else if (body instanceof Prepare prepare) {
            onPrepare(input, signed, prepare);
        } else if (body instanceof Commit commit) {
            onCommit(signed, commit);
        } else if (body instanceof Checkpoint checkpoint) {
            onCheckpoint(signed, checkpoint);
        } else if (body instanceof ViewChange viewChange) {
            onViewChange(input, signed, viewChange);
        } else if (body instanceof NewView newView) {
            onNewView(signed, newView);
        } else {
            reject(RejectReason.PROPOSAL_MISMATCH); // a PRE-PREPARE without its proposal
        }
    }

    /** Remembers in which view each peer last spoke; f+1 peers in higher views pull us along. */
    private long hearFrom(ConsensusMessage body) {
        long spokeIn = body instanceof Vote vote ? vote.view()
                : body instanceof ViewChange viewChange ? viewChange.newView()
                : body instanceof NewView newView ? newView.view() : -1;
        lastHeardMillis[body.replica()] = now;
        if (spokeIn > lastHeardView[body.replica()]) {
            lastHeardView[body.replica()] = spokeIn;
        }
        return spokeIn;
    }

    /** Whether a normal-case message of {@code messageView} must wait until we are in that view. */
    private boolean aheadOfUs(long messageView) {
        return messageView > view || (messageView == view && viewChanging);
    }

    private void buffer(FromPeer input) {
        if (futureMessages.size() >= config.maxFutureMessages()) {
            reject(RejectReason.FUTURE_BUFFER_FULL);
            return;
        }
        futureMessages.add(input);
    }

    private void onPrePrepare(FromPeer input, PrePrepare prePrepare, ProposalMessage message) {
        Proposal proposal = message.proposal();
        if (prePrepare.replica() != validators.primaryOf(prePrepare.view())) {
            reject(RejectReason.NOT_PRIMARY);
            return;
        }
        if (!log.inWindow(prePrepare.height())) {
            reject(RejectReason.OUTSIDE_WATERMARKS);
            return;
        }
        if (proposal.height() != prePrepare.height() || !application.digest(proposal).equals(prePrepare.digest())) {
            reject(RejectReason.DIGEST_MISMATCH);
            return;
        }
        Slot slot = log.slot(prePrepare.height());
        slot.remember(message);
        tryCommit(slot);
        if (prePrepare.view() < view || prePrepare.replica() == self) {
            return; // kept only as evidence for a commit certificate
        }
        if (aheadOfUs(prePrepare.view())) {
            buffer(input);
            return;
        }
        if (slot.acceptedIn(view)) {
            if (!slot.acceptedDigest.equals(prePrepare.digest())) {
                reject(RejectReason.EQUIVOCATION);
            }
            return;
        }
        if (slot.committed != null && !slot.committed.certificate().digest().equals(prePrepare.digest())) {
            reject(RejectReason.EQUIVOCATION);
            return;
        }
        List<RequestKey> keys = checkNewProposal(prePrepare, proposal);
        if (keys == null) {
            noteAwaitedProposal(prePrepare.height());
            return;
        }
        acceptAndPrepare(message.prePrepare(), proposal, keys);
    }

    /**
     * A backup waits for a block not only while it holds requests: also once it accepted or
     * refused (an invalid or duplicate payment, a timestamp out of bounds) a proposal of the
     * current view. A backup that held no request of its own stayed silent: with f+1 backups
     * that refused a block, or a backup that got the proposal but not the forwarded request (a
     * fresh cluster's first messages, sent before the peer's inbox was known) while another had
     * already moved to the next view, the block could never commit and the one suspecting
     * backup alone could not change the view (CI stalls in EpochSwitchConsortiumTest and
     * ReplacedMachineIsDownedTest). The proposal counts as a request waiting since then, until a
     * block at or above its height is delivered or a new view begins.
     */
    private void noteAwaitedProposal(long height) {
        if (awaitedProposalMillis < 0) {
            awaitedProposalMillis = now;
        }
        awaitedProposalHeight = Math.max(awaitedProposalHeight, height);
    }

    private void forgetAwaitedProposal() {
        awaitedProposalMillis = -1;
        awaitedProposalHeight = -1;
    }

    /** Since when this backup has waited for a block: its oldest request, or a proposal it accepted or refused. */
    private long waitingSinceMillis() {
        return Math.min(requests.oldestPendingMillis(), awaitedProposalMillis >= 0 ? awaitedProposalMillis : Long.MAX_VALUE);
    }

    /** The normal-case checks of a fresh proposal; the request keys, or null after rejecting it. */
    private List<RequestKey> checkNewProposal(PrePrepare prePrepare, Proposal proposal) {
        if (proposal.view() != prePrepare.view() || proposal.proposer() != prePrepare.replica()) {
            reject(RejectReason.PROPOSAL_MISMATCH);
            return null;
        }
        if (proposal.payloads().size() > config.maxBatchTxs() || proposal.payloadBytes() > config.maxBatchBytes()) {
            reject(RejectReason.BATCH_TOO_LARGE);
            return null;
        }
        if (!proposal.nullBlock() && !timestampAcceptable(proposal)) {
            reject(RejectReason.BAD_TIMESTAMP);
            return null;
        }
        List<RequestKey> keys = new ArrayList<>(proposal.payloads().size());
        Set<RequestKey> seen = new HashSet<>();
        for (Bytes payload : proposal.payloads()) {
            if (payload.length() <= config.maxPayloadBytes() && application.replaysExecutedRequest(payload)) {
                reject(RejectReason.DUPLICATE_REQUEST);
                return null;
            }
            if (payload.length() > config.maxPayloadBytes()
                    || !(application.check(payload) instanceof RequestCheck.Accepted accepted)) {
                reject(RejectReason.INVALID_REQUEST);
                return null;
            }
            if (!seen.add(accepted.key()) || application.alreadyExecuted(accepted.key())) {
                reject(RejectReason.DUPLICATE_REQUEST);
                return null;
            }
            keys.add(accepted.key());
        }
        return keys;
    }

    /** Within the skew of our clock, and not before any known proposal below nor after any above. */
    private boolean timestampAcceptable(Proposal proposal) {
        long timestamp = proposal.timestampMillis();
        if (Math.abs(timestamp - wallNow) > config.maxClockSkewMillis() || timestamp < timestampFloor(proposal.height())) {
            return false;
        }
        for (Slot other : log.slots()) {
            if (other.height > proposal.height() && other.acceptedIn(view) && other.acceptedTimestamp() >= 0
                    && other.acceptedTimestamp() < timestamp) {
                return false;
            }
        }
        return true;
    }

    /**
     * The largest timestamp of a non-null block below {@code height} that can still be final: the
     * committed ones and those accepted in this view (O included). Proposals of abandoned views
     * left out of O are dead and do not constrain.
     */
    private long timestampFloor(long height) {
        long floor = lastCommittedTimestampMillis;
        for (Slot other : log.slots()) {
            if (other.height >= height) {
                break;
            }
            long candidate = other.committed != null ? timestampOf(other.committed.proposal())
                    : other.acceptedIn(view) ? other.acceptedTimestamp() : -1;
            floor = Math.max(floor, candidate);
        }
        return floor;
    }

    private static long timestampOf(Proposal proposal) {
        return proposal.nullBlock() ? -1 : proposal.timestampMillis();
    }

    private void acceptAndPrepare(Signed prePrepare, Proposal proposal, List<RequestKey> keys) {
        PrePrepare header = (PrePrepare) prePrepare.message();
        Slot slot = log.slot(header.height());
        slot.accept(prePrepare, proposal, keys);
        noteAwaitedProposal(header.height());
        requests.markInFlight(keys);
        effects.persist(new AcceptedPrePrepare(prePrepare, proposal));
        if (header.replica() != self && isMember()) {
            Signed prepare = sign(new Prepare(validators.epoch(), header.view(), header.height(), header.digest(), self));
            slot.ownPrepare = prepare;
            slot.prepares.add(prepare, config.maxViewsPerHeight());
            effects.persist(new OwnMessage(prepare));
            effects.send(Outbound.toAll(prepare));
        }
        checkPrepared(slot);
    }

    private void onPrepare(FromPeer input, Signed signed, Prepare prepare) {
        if (prepare.view() < view) {
            return; // an old view's prepares no longer matter
        }
        if (prepare.replica() == validators.primaryOf(prepare.view())) {
            reject(RejectReason.NOT_PRIMARY);
            return;
        }
        if (!log.inWindow(prepare.height())) {
            reject(prepare.height() <= log.low() ? RejectReason.STALE_VIEW : RejectReason.OUTSIDE_WATERMARKS);
            return;
        }
        if (aheadOfUs(prepare.view())) {
            buffer(input);
            return;
        }
        Slot slot = log.slot(prepare.height());
        if (recordVote(slot.prepares, signed)) {
            checkPrepared(slot);
        }
    }

    private boolean recordVote(VoteTally tally, Signed signed) {
        VoteTally.Added added = tally.add(signed, config.maxViewsPerHeight());
        if (added == VoteTally.Added.EQUIVOCATION) {
            reject(RejectReason.EQUIVOCATION);
        }
        return added == VoteTally.Added.NEW;
    }

    /** Prepared: the accepted PRE-PREPARE plus 2f matching PREPAREs from distinct backups. Then COMMIT. */
    private void checkPrepared(Slot slot) {
        if (!slot.acceptedIn(view) || viewChanging || slot.ownCommit != null || !isMember()) {
            return;
        }
        int primary = validators.primaryOf(view);
        List<Signed> matching = slot.prepares.matching(view, slot.acceptedDigest, primary);
        if (matching.size() < quorum - 1) {
            return;
        }
        List<Signed> proof = matching.subList(0, quorum - 1);
        slot.prepared = new PreparedCertificate(slot.acceptedPrePrepare, slot.acceptedProposal, proof);
        for (Signed prepare : proof) {
            if (prepare.signer() != self) {
                effects.persist(new DurableRecord.PeerMessage(prepare));
            }
        }
        Signed commit = sign(new Commit(validators.epoch(), view, slot.height, slot.acceptedDigest, self));
        slot.ownCommit = commit;
        slot.commits.add(commit, config.maxViewsPerHeight());
        effects.persist(new OwnMessage(commit));
        effects.send(Outbound.toAll(commit));
        tryCommit(slot, view, slot.acceptedDigest);
    }

    private void onCommit(Signed signed, Commit commit) {
        if (!log.inWindow(commit.height())) {
            if (commit.height() > log.high()) {
                reject(RejectReason.OUTSIDE_WATERMARKS);
            }
            return;
        }
        Slot slot = log.slot(commit.height());
        if (slot.committed != null) {
            return;
        }
        VoteTally.Added added = slot.commits.add(signed, config.maxViewsPerHeight());
        if (added == VoteTally.Added.NEW) {
            tryCommit(slot, commit.view(), commit.digest());
        } else if (added == VoteTally.Added.EQUIVOCATION) {
            reject(RejectReason.EQUIVOCATION);
            commitWithEquivocator(slot, signed, commit);
        }
    }

    /**
     * The signer voted for another digest before, so it is faulty; its vote still counts towards a
     * certificate (quorum intersection assumes faulty replicas vote every way). Without this, a
     * replica that first heard the faulty vote could never use a certificate relayed by others.
     */
    private void commitWithEquivocator(Slot slot, Signed signed, Commit commit) {
        Proposal proposal = slot.knownProposal(commit.digest());
        List<Signed> others = slot.commits.matching(commit.view(), commit.digest(), commit.replica());
        if (proposal == null || others.size() + 1 < quorum) {
            return;
        }
        List<Signed> proof = new ArrayList<>(others.subList(0, quorum - 1));
        proof.add(signed);
        proof.sort(Comparator.comparingInt(Signed::signer));
        slot.committed = new CommittedBlock(proposal,
                new CommitCertificate(validators.epoch(), commit.view(), slot.height, commit.digest(), proof));
        deliverReady();
    }

    private void tryCommit(Slot slot) {
        if (slot.committed != null) {
            return;
        }
        for (Bytes digest : slot.knownProposals.keySet()) {
            long commitView = slot.commits.viewWithQuorum(digest, quorum);
            if (commitView >= 0 && tryCommit(slot, commitView, digest)) {
                return;
            }
        }
    }

    /**
     * Committed: 2f+1 matching COMMITs and the proposal with that digest. The certificate proves
     * that 2f+1 replicas prepared it, so it is final whatever view this replica is in.
     */
    private boolean tryCommit(Slot slot, long commitView, Bytes digest) {
        if (slot.committed != null) {
            return true;
        }
        Proposal proposal = slot.knownProposal(digest);
        if (proposal == null || slot.commits.count(commitView, digest, -1) < quorum) {
            return false;
        }
        List<Signed> proof = slot.commits.matching(commitView, digest, -1).subList(0, quorum);
        slot.committed = new CommittedBlock(proposal,
                new CommitCertificate(validators.epoch(), commitView, slot.height, digest, proof));
        deliverReady();
        return true;
    }

    /** Hands committed blocks to the application strictly in height order. */
    private void deliverReady() {
        while (true) {
            long next = lastDelivered + 1;
            if (next <= fetchTarget) {
                return;
            }
            Slot slot = log.existing(next);
            if (slot == null || slot.committed == null) {
                return;
            }
            CommittedBlock block = slot.committed;
            effects.committed(block);
            lastDelivered = next;
            if (!block.proposal().nullBlock()) {
                lastCommittedTimestampMillis = Math.max(lastCommittedTimestampMillis, block.proposal().timestampMillis());
            }
            if (lastProgressMillis < now && requests.size() > 0) { // the first block of this step: one sample
                progressTimeout.observe(now - Math.max(Math.max(lastProgressMillis, viewEnteredMillis), requests.oldestPendingMillis()));
            }
            List<RequestKey> keys = keysOf(slot, block.proposal());
            noteOvertaking(requests.committed(keys));
            deliveredUnexecuted.put(next, keys);
            deliveredUnexecutedKeys.addAll(keys);
            lastProgressMillis = now;
            if (!viewChanging) {
                viewChangeTimeoutMillis = config.viewChangeTimeoutMillis();
            }
        }
    }

    /**
     * A primary that works through a long queue in arrival order is busy, not censoring: only a
     * request that younger ones keep overtaking starts the censorship clock, which restarts
     * whenever the oldest waiting request changes.
     */
    private void noteOvertaking(boolean overtaken) {
        RequestKey oldest = requests.oldestPendingKey();
        if (oldest == null || !oldest.equals(overtakenRequest)) {
            overtakenRequest = overtaken ? oldest : null;
            overtakenSinceMillis = now;
        }
    }

    private List<RequestKey> keysOf(Slot slot, Proposal proposal) {
        if (slot.acceptedProposal == proposal) {
            return slot.acceptedKeys;
        }
        List<RequestKey> keys = new ArrayList<>(proposal.payloads().size());
        for (Bytes payload : proposal.payloads()) {
            if (application.check(payload) instanceof RequestCheck.Accepted accepted) {
                keys.add(accepted.key());
            }
        }
        return keys;
    }

    // ------------------------------------------------------------------ checkpoints

    /**
     * A copy of a request that arrives after its block was delivered and before it executed (a
     * peer slower to commit forwards or retransmits it) passes both duplicate checks: the pool
     * forgot it at delivery and the application has not executed it yet. Such a copy would wait
     * here forever, since every primary that executed it refuses it: under load the backups
     * holding these copies suspected every primary in turn (hundreds of view changes) and the
     * primaries that held them ordered them again (refused NONCE_REPLAYED). Such a copy is
     * held: it is neither proposed nor re-forwarded. Once its block has executed, a copy the
     * application calls executed goes; one it does not (a refusal that used no nonce, ordered
     * again) becomes proposable.
     */
    private void forgetExecutedDeliveries(long executedHeight) {
        java.util.SortedMap<Long, List<RequestKey>> done = deliveredUnexecuted.headMap(executedHeight + 1);
        done.values().forEach(deliveredUnexecutedKeys::removeAll);
        done.clear();
        if (readmittedBeforeExecution.isEmpty()) {
            return;
        }
        List<RequestKey> executedCopies = new ArrayList<>();
        for (RequestKey key : readmittedBeforeExecution) {
            if (deliveredUnexecutedKeys.contains(key)) {
                continue; // delivered again meanwhile, not yet executed
            }
            if (application.alreadyExecuted(key)) {
                executedCopies.add(key);
            } else {
                requests.release(key);
            }
        }
        requests.committed(executedCopies);
        readmittedBeforeExecution.retainAll(deliveredUnexecutedKeys);
    }

    private void onExecuted(Executed executed) {
        if (executed.height() <= lastExecuted) {
            return; // covered by a state transfer that overtook execution
        }
        if (executed.height() != lastExecuted + 1 || executed.height() > lastDelivered) {
            throw new IllegalStateException("replica " + self + " executed height " + executed.height() + " after "
                    + lastExecuted + " with " + lastDelivered + " delivered");
        }
        lastExecuted = executed.height();
        forgetExecutedDeliveries(executed.height());
        if (executed.height() % config.checkpointInterval() != 0) {
            return;
        }
        checkOwnDigest(executed.height(), executed.stateDigest());
        if (executed.height() <= stableHeight) {
            return;
        }
        ownCheckpointDigests.put(executed.height(), executed.stateDigest());
        if (isMember() && executed.height() <= epochLastHeight()) {
            Signed checkpoint = sign(new Checkpoint(validators.epoch(), executed.height(), executed.stateDigest(), self));
            checkpoints.add(checkpoint);
            effects.persist(new OwnMessage(checkpoint));
            effects.send(Outbound.toAll(checkpoint));
        }
        checkStable(executed.height(), executed.stateDigest());
    }

    /** Our own execution must agree with what 2f+1 replicas certified: if not, this replica is broken. */
    private void checkOwnDigest(long height, Bytes digest) {
        if (height == stableHeight && !stableDigest.equals(digest)) {
            throw new IllegalStateException("replica " + self + " executed height " + height + " to " + digest
                    + " but the stable checkpoint says " + stableDigest);
        }
    }

    private void onCheckpoint(Signed signed, Checkpoint checkpoint) {
        if (checkpoint.height() % config.checkpointInterval() != 0 || checkpoint.height() == 0) {
            reject(RejectReason.BAD_CERTIFICATE);
            return;
        }
        if (checkpoint.height() > epochLastHeight() || checkpoint.height() < validators.startHeight()) {
            reject(RejectReason.OUTSIDE_WATERMARKS); // another epoch's height
            return;
        }
        if (checkpoint.height() <= stableHeight) {
            return;
        }
        Signed earlier = checkpoints.of(checkpoint.replica(), checkpoint.height());
        if (earlier != null && !((Checkpoint) earlier.message()).stateDigest().equals(checkpoint.stateDigest())) {
            reject(RejectReason.EQUIVOCATION);
            List<Signed> proof = new ArrayList<>(checkpoints.matching(checkpoint.height(), checkpoint.stateDigest()));
            if (proof.size() + 1 >= quorum) { // as for COMMITs: a faulty signer's vote counts for every digest
                proof = new ArrayList<>(proof.subList(0, quorum - 1));
                proof.add(signed);
                proof.sort(Comparator.comparingInt(Signed::signer));
                makeStable(checkpoint.height(), checkpoint.stateDigest(), proof, true);
            }
            return;
        }
        checkpoints.add(signed);
        checkStable(checkpoint.height(), checkpoint.stateDigest());
    }

    private void checkStable(long height, Bytes digest) {
        List<Signed> matching = checkpoints.matching(height, digest);
        if (matching.size() >= quorum) {
            makeStable(height, digest, matching.subList(0, quorum), true);
        }
    }

    /** 2f+1 matching CHECKPOINTs: the log at and below {@code height} goes; if we are behind, we must fetch. */
    private void makeStable(long height, Bytes digest, List<Signed> proof, boolean persist) {
        if (height <= stableHeight) {
            return;
        }
        if (persist) {
            for (Signed checkpoint : proof) {
                effects.persist(checkpoint.signer() == self ? new OwnMessage(checkpoint) : new DurableRecord.PeerMessage(checkpoint));
            }
            effects.persist(new StableCheckpoint(height));
        }
        stableHeight = height;
        stableEpoch = proof.isEmpty() ? validators.epoch() : proof.get(0).message().epoch();
        stableDigest = digest;
        stableProof = List.copyOf(proof);
        Bytes own = ownCheckpointDigests.get(height);
        if (own != null && !own.equals(digest)) {
            throw new IllegalStateException("replica " + self + " executed height " + height + " to " + own
                    + " but 2f+1 replicas certified " + digest);
        }
        ownCheckpointDigests.keySet().removeIf(h -> h <= height);
        log.advanceLowTo(height);
        checkpoints.dropUpTo(height);
        nextProposalHeight = Math.max(nextProposalHeight, height + 1);
        effects.stable(new CheckpointCertificate(stableEpoch, height, digest, proof));
        if (lastDelivered < height) {
            fetchTarget = Math.max(fetchTarget, height);
            fetchAnnounced = false;
        }
    }

    private void announceFetch() {
        fetchAnnounced = true;
        if (fetchTarget > lastDelivered) {
            effects.fetch(new StateFetch(lastDelivered + 1, fetchTarget, stableDigest,
                    new CheckpointCertificate(stableEpoch, stableHeight, stableDigest, stableProof)));
        }
    }

    private void onStateTransferred(StateTransferred transferred) {
        if (transferred.height() <= lastExecuted) {
            return;
        }
        CheckpointCertificate certificate = transferred.certificate();
        if (certificate.height() != transferred.height() || !certificate.stateDigest().equals(transferred.stateDigest())
                || !certificates.validCheckpointCertificate(certificate)) {
            reject(RejectReason.BAD_CERTIFICATE);
            return;
        }
        if (transferred.height() > stableHeight) {
            makeStable(transferred.height(), transferred.stateDigest(), certificate.checkpoints(), true);
        }
        lastDelivered = Math.max(lastDelivered, transferred.height());
        lastExecuted = transferred.height();
        forgetExecutedDeliveries(transferred.height());
        lastProgressMillis = now; // its requests get a full timeout from here, not from before the transfer
        if (fetchTarget <= transferred.height()) {
            fetchTarget = 0;
        }
        requests.removeIf(application::alreadyExecuted);
        deliverReady();
    }

    // ------------------------------------------------------------------ view change

    /** Why the request timer fired, for the operator's log line. */
    private String suspicion() {
        long waited = now - Math.max(Math.max(lastProgressMillis, viewEnteredMillis), waitingSinceMillis());
        String waitingFor = awaitedProposalMillis >= 0 && awaitedProposalMillis <= requests.oldestPendingMillis()
                ? "while the primary's proposal up to height " + awaitedProposalHeight + " waited" : "while requests waited";
        return overtakenRequest != null && overtakenRequest.equals(requests.oldestPendingKey()) && waited < progressTimeout.millis()
                ? "younger requests kept overtaking the oldest waiting one"
                : "no block for " + waited + " ms " + waitingFor + " (timeout " + progressTimeout.millis() + " ms; "
                + pipeline() + ")";
    }

    /** Where this replica's pipeline stands, for the operator's log line of a view change. */
    private String pipeline() {
        long highestAccepted = lastDelivered;
        for (Slot slot : log.slots()) {
            if (slot.acceptedIn(view)) {
                highestAccepted = Math.max(highestAccepted, slot.height);
            }
        }
        return "delivered " + lastDelivered + ", accepted up to " + highestAccepted + ", stable " + stableHeight
                + ", window to " + log.high() + ", " + requests.size() + " requests pending"
                + (isPrimary() ? ", next proposal " + nextProposalHeight + ", " + requests.unproposedCount() + " unproposed" : "");
    }

    /** Time this replica was detected not running since it started (see {@link #onTick}): for the operator's log and metrics. */
    public long stalledMillis() {
        return stalledMillis;
    }

    /** Why this replica last started a view change, for the operator's log. */
    public String lastViewChangeCause() {
        return lastViewChangeCause;
    }

    private void startViewChange(long newView, String cause) {
        lastViewChangeCause = cause;
        if (newView <= view) {
            throw new IllegalStateException("view change to " + newView + " from view " + view);
        }
        view = newView;
        viewChanging = true;
        viewEnteredMillis = now;
        currentNewView = null;
        requestTimer.stop();
        viewChangeTimer.stop();
        List<PreparedCertificate> prepared = new ArrayList<>();
        if (config.mutation() != ProtocolMutation.SKIP_PREPARED_CARRY_OVER) {
            for (Slot slot : log.slots()) {
                if (slot.prepared != null) {
                    prepared.add(slot.prepared);
                }
            }
        }
        Signed viewChange = sign(new ViewChange(validators.epoch(), newView, stableHeight, stableDigest, stableProof, prepared, self));
        viewChanges.add(viewChange);
        effects.persist(new OwnMessage(viewChange));
        effects.send(Outbound.toAll(viewChange));
        futureMessages.removeIf(buffered -> messageView(buffered) < newView);
        viewChangeProgress();
    }

    private void onViewChange(FromPeer input, Signed signed, ViewChange viewChange) {
        if (viewChange.newView() < view || (viewChange.newView() == view && !viewChanging)) {
            if (currentNewView != null && lastHeardView[viewChange.replica()] <= view) {
                effects.send(new Outbound(viewChange.replica(), currentNewView)); // help a replica left behind
            }
            return;
        }
        if (viewChanges.has(viewChange.replica(), viewChange.newView())) {
            return;
        }
        if (!certificates.validViewChange(viewChange)) {
            reject(RejectReason.BAD_VIEW_CHANGE);
            return;
        }
        viewChanges.add(signed);
        if (viewChanging && viewChange.newView() == view) {
            viewChangeProgress();
        }
    }

    /** f+1 others speak in views above ours: at least one honest replica is there, so join the lowest of them. */
    private void joinHigherViews() {
        if (!isMember()) {
            return; // an observer learns views from NEW-VIEWs
        }
        List<Long> higher = new ArrayList<>();
        for (int replica = 0; replica < validators.size(); replica++) {
            if (replica != self && lastHeardView[replica] > view) {
                higher.add(lastHeardView[replica]);
            }
        }
        if (higher.size() < validators.weakQuorum()) {
            return;
        }
        higher.sort(Comparator.reverseOrder());
        startViewChange(higher.get(validators.weakQuorum() - 1), "f+1 peers are in higher views (" + pipeline() + ")");
    }

    /** With 2f+1 VIEW-CHANGEs for our view, the NEW-VIEW timer runs; the new primary sends NEW-VIEW. */
    private void viewChangeProgress() {
        List<Signed> forThisView = viewChanges.forView(view);
        if (forThisView.size() < quorum) {
            return;
        }
        viewChangeTimer.startIfStopped(now + viewChangeTimeoutMillis);
        if (isPrimary()) {
            sendNewView(forThisView.subList(0, quorum));
        }
    }

    private void sendNewView(List<Signed> viewChanges) {
        NewViewPlanner.Plan plan = NewViewPlanner.plan(bodies(viewChanges), view, self);
        List<Signed> prePrepares = new ArrayList<>();
        for (Proposal proposal : plan.proposals()) {
            Signed prePrepare = sign(new PrePrepare(validators.epoch(), view, proposal.height(), application.digest(proposal), self));
            prePrepares.add(prePrepare);
            effects.persist(new OwnMessage(prePrepare));
        }
        Signed newView = sign(new NewView(validators.epoch(), view, viewChanges, prePrepares, plan.proposals(), self));
        effects.persist(new OwnMessage(newView));
        enterView(newView, plan, prePrepares);
        effects.send(Outbound.toAll(newView));
    }

    private static List<ViewChange> bodies(List<Signed> viewChanges) {
        List<ViewChange> out = new ArrayList<>(viewChanges.size());
        for (Signed signed : viewChanges) {
            out.add((ViewChange) signed.message());
        }
        return out;
    }

    private void onNewView(Signed signed, NewView newView) {
        if (newView.view() < view || (newView.view() == view && !viewChanging)) {
            return;
        }
        if (newView.replica() != validators.primaryOf(newView.view())) {
            reject(RejectReason.NOT_PRIMARY);
            return;
        }
        NewViewPlanner.Plan plan = NewViewPlanner.verify(newView, certificates, application).orElse(null);
        if (plan == null || contradictsCommitted(plan)) {
            reject(RejectReason.BAD_NEW_VIEW);
            if (newView.view() == view && viewChanging) {
                startViewChange(view + 1, "the NEW-VIEW of view " + view + " was invalid"); // the new primary itself is faulty
            }
            return;
        }
        if (newView.view() > view || !viewChanging) {
            view = newView.view();
        }
        enterView(signed, plan, newView.prePrepares());
    }

    /**
     * A valid NEW-VIEW never re-proposes a height differently from a block committed in an earlier
     * view (that is the safety argument). One for the view the block was committed in can, when its
     * primary sent two NEW-VIEWs (twins do): it proves the primary faulty.
     */
    private boolean contradictsCommitted(NewViewPlanner.Plan plan) {
        for (Proposal proposal : plan.proposals()) {
            Slot slot = log.existing(proposal.height());
            if (slot != null && slot.committed != null && !slot.committed.certificate().digest().equals(application.digest(proposal))) {
                return true;
            }
        }
        return false;
    }

    /** Enters {@code view} in normal operation with the PRE-PREPAREs of O accepted. */
    private void enterView(Signed newView, NewViewPlanner.Plan plan, List<Signed> prePrepares) {
        long entered = ((NewView) newView.message()).view();
        if (plan.stableHeight() > stableHeight) {
            makeStable(plan.stableHeight(), plan.stableDigest(), plan.stableProof(), true);
        }
        view = entered;
        viewChanging = false;
        viewEnteredMillis = now;
        forgetAwaitedProposal();
        currentNewView = newView;
        viewChangeTimer.stop();
        effects.persist(new ViewEntered(entered));
        viewChanges.dropUpTo(entered);
        lastNormalView = entered;
        for (Slot slot : log.slots()) {
            slot.prepares.dropViewsBelow(entered); // COMMITs of older views stay: they may still complete a certificate
        }
        for (int i = 0; i < prePrepares.size(); i++) {
            Proposal proposal = plan.proposals().get(i);
            if (!log.inWindow(proposal.height())) {
                continue;
            }
            Slot slot = log.slot(proposal.height());
            if (slot.committed != null && !slot.committed.certificate().digest().equals(((Vote) prePrepares.get(i).message()).digest())) {
                throw new IllegalStateException("replica " + self + ": NEW-VIEW " + entered + " re-proposes height "
                        + proposal.height() + " differently from the committed block");
            }
            acceptAndPrepare(prePrepares.get(i), proposal, keysOf(slot, proposal));
        }
        List<List<RequestKey>> inFlight = new ArrayList<>();
        for (Slot slot : log.slots()) {
            if (slot.acceptedIn(entered) && slot.committed == null) {
                inFlight.add(slot.acceptedKeys);
            }
        }
        requests.resetInFlight(inFlight);
        nextProposalHeight = Math.max(plan.maxHeight(), stableHeight) + 1;
        lastProposalTimestampMillis = timestampFloor(nextProposalHeight);
        replayFutureMessages();
    }

    private void replayFutureMessages() {
        replayHeld(futureMessages, Replica::messageView, view);
    }

    /** Of the held messages, drops those below {@code current} (by {@code key}) and handles those at it. */
    private void replayHeld(ArrayDeque<FromPeer> held, java.util.function.ToLongFunction<FromPeer> key, long current) {
        List<FromPeer> ready = new ArrayList<>();
        Iterator<FromPeer> iterator = held.iterator();
        while (iterator.hasNext()) {
            FromPeer buffered = iterator.next();
            long at = key.applyAsLong(buffered);
            if (at <= current) {
                iterator.remove();
                if (at == current) {
                    ready.add(buffered);
                }
            }
        }
        for (FromPeer buffered : ready) {
            onPeer(buffered);
        }
    }

    private static long messageView(FromPeer input) {
        PeerMessage message = input.message();
        Signed signed = message instanceof ProposalMessage proposal ? proposal.prePrepare() : (Signed) message;
        return ((Vote) signed.message()).view();
    }

    // ------------------------------------------------------------------ retransmission

    /**
     * Links lose messages: re-send what peers may still need. Our VIEW-CHANGE while changing
     * views; otherwise our votes for heights not yet covered by a stable checkpoint, the accepted
     * proposals (so a replica that missed them can use commit certificates), the proof of our
     * stable checkpoint, and requests the primary seems not to have.
     */
    private void retransmit() {
        if (viewChanging) {
            for (Signed own : viewChanges.of(self, lastNormalView)) {
                effects.send(Outbound.toAll(own));
            }
        }
        boolean unfinished = lastDelivered > stableHeight || requests.size() > 0;
        for (Slot slot : log.slots()) {
            if (slot.acceptedIn(view)) {
                unfinished = true;
            }
        }
        // While blocks keep committing here nothing is lost that matters to us; a peer left
        // behind catches up from the stable checkpoints. Re-sending whole proposals every
        // interval under load would only make every peer decode, hash and verify them again.
        boolean progressing = !viewChanging && now - lastProgressMillis < config.retransmitIntervalMillis();
        stalledRetransmits = progressing ? 0 : stalledRetransmits + 1;
        if (unfinished && !progressing) {
            boolean resendProposals = proposalResendRound(stalledRetransmits);
            for (Slot slot : log.slots()) {
                if (slot.acceptedIn(view) && !viewChanging) {
                    if (resendProposals) {
                        effects.send(Outbound.toAll(new ProposalMessage(slot.acceptedPrePrepare, slot.acceptedProposal)));
                    }
                    if (slot.ownPrepare != null) {
                        effects.send(Outbound.toAll(slot.ownPrepare));
                    }
                }
                if (slot.committed != null) {
                    relayCommitted(slot, resendProposals);
                } else if (slot.ownCommit != null) {
                    effects.send(Outbound.toAll(slot.ownCommit));
                }
            }
        }
        for (Signed checkpoint : stableProof) { // a replica behind it learns it must fetch state
            effects.send(Outbound.toAll(checkpoint));
        }
        if (!progressing && isMember()) {
            // Our CHECKPOINTs not yet stable: normally a later one supersedes a lost one, but nothing
            // follows the last height of an epoch until its checkpoint is stable.
            for (long height : ownCheckpointDigests.keySet()) {
                Signed own = checkpoints.of(self, height);
                if (own != null) {
                    effects.send(Outbound.toAll(own));
                }
            }
        }
        for (long epoch : staleEpochsHeard) { // a replica still in an old epoch learns where it ended
            for (Signed checkpoint : boundaries.get(epoch).checkpoints()) {
                effects.send(Outbound.toAll(checkpoint));
            }
        }
        staleEpochsHeard.clear();
        announceOneBoundary();
        // Requests the primary seems not to have, only while no block commits: under load every
        // request waits seconds for a block, and re-forwarding each of them made a primary receive
        // nine copies of every payment and fall behind in checking them (then its backups suspected it).
        // While changing view, to every validator: this replica may be alone in the new view, and the
        // others, still in the old one, must see its requests to propose them or to time out and follow
        // (as a PBFT client broadcasts a request that timed out).
        if (!progressing && (viewChanging || !isPrimary())) {
            List<Bytes> stale = requests.dueForReforward(now, config.retransmitIntervalMillis(), config.maxBatchTxs());
            if (!stale.isEmpty()) {
                ForwardedRequests forwarded = new ForwardedRequests(stale);
                effects.send(viewChanging ? Outbound.toAll(forwarded) : new Outbound(validators.primaryOf(view), forwarded));
            }
        }
    }

    /**
     * One finished epoch's end per retransmission, round robin: observers send nothing (no stale
     * message reveals them), so one that starts late, or missed a switch, learns where each older
     * epoch ended, transfers state up to it, learns the next set from the blocks, and so on.
     */
    private void announceOneBoundary() {
        if (boundaries.isEmpty() || !isMember()) {
            return;
        }
        Long epoch = boundaries.higherKey(lastBoundaryAnnounced);
        epoch = epoch != null ? epoch : boundaries.firstKey();
        lastBoundaryAnnounced = epoch;
        for (Signed checkpoint : boundaries.get(epoch).checkpoints()) {
            effects.send(Outbound.toAll(checkpoint));
        }
    }

    /** A replica that missed a block can commit it from the proposal and its certificate, whoever sends them. */
    /**
     * Whole proposals are re-sent in stalled rounds 1, 2, 4, 8 and then every 16th; the votes,
     * which are small, in every round. A stall on a starved machine used to re-send the whole
     * window every interval to every peer, and the TLS, decoding and hashing of those copies kept
     * the machine starved. Over TCP a proposal is lost only with its connection, and a peer that
     * misses one still gets it within 16 intervals.
     */
    private static boolean proposalResendRound(int stalledRound) {
        return stalledRound > 0 && (Integer.bitCount(stalledRound) == 1 && stalledRound <= 8 || stalledRound % 16 == 0);
    }

    private void relayCommitted(Slot slot, boolean withProposal) {
        CommitCertificate certificate = slot.committed.certificate();
        ProposalMessage proposal = slot.knownProposals.get(certificate.digest());
        if (withProposal && proposal != null && !slot.acceptedIn(view)) {
            effects.send(Outbound.toAll(proposal));
        }
        for (Signed commit : certificate.commits()) {
            effects.send(Outbound.toAll(commit));
        }
    }

    // ------------------------------------------------------------------ restore

    private static boolean isCheckpointRecord(DurableRecord record) {
        Signed signed = record instanceof OwnMessage own ? own.message()
                : record instanceof DurableRecord.PeerMessage peer ? peer.message() : null;
        return record instanceof StableCheckpoint || (signed != null && signed.message() instanceof Checkpoint);
    }

    private void replay(DurableRecord record) {
        Signed signed = record instanceof OwnMessage own ? own.message()
                : record instanceof DurableRecord.PeerMessage peer ? peer.message()
                : record instanceof AcceptedPrePrepare accepted ? accepted.prePrepare() : null;
        if (signed != null && signed.message().epoch() != validators.epoch()) {
            return;
        }
        if (record instanceof ViewEntered entered) {
            if (entered.view() >= view) {
                view = entered.view();
                viewChanging = false;
                lastNormalView = entered.view();
                viewChanges.dropUpTo(entered.view());
            }
        } else if (record instanceof AcceptedPrePrepare accepted) {
            PrePrepare header = (PrePrepare) accepted.prePrepare().message();
            if (log.inWindow(header.height())) {
                Slot slot = log.slot(header.height());
                if (header.view() > slot.acceptedView) {
                    slot.accept(accepted.prePrepare(), accepted.proposal(), keysOf(slot, accepted.proposal()));
                }
            }
        } else if (record instanceof OwnMessage own) {
            replayOwn(own.message());
        } else if (record instanceof DurableRecord.PeerMessage peer) {
            replayVote(peer.message());
        } else if (record instanceof StableCheckpoint stable) {
            replayStable(stable.height());
        }
    }

    private void replayOwn(Signed signed) {
        ConsensusMessage body = signed.message();
        if (body instanceof ViewChange viewChange) {
            if (viewChange.newView() >= view) {
                view = viewChange.newView();
                viewChanging = true;
                viewChanges.add(signed);
            }
        } else if (body instanceof NewView newView) {
            if (newView.view() >= view) {
                currentNewView = signed; // its ViewEntered record follows
            }
        } else if (body instanceof Prepare prepare && log.inWindow(prepare.height())) {
            Slot slot = log.slot(prepare.height());
            slot.prepares.add(signed, config.maxViewsPerHeight());
            if (slot.acceptedView == prepare.view()) {
                slot.ownPrepare = signed;
            }
            restorePrepared(slot);
        } else if (body instanceof Commit commit && log.inWindow(commit.height())) {
            Slot slot = log.slot(commit.height());
            slot.commits.add(signed, config.maxViewsPerHeight());
            if (slot.acceptedView == commit.view()) {
                slot.ownCommit = signed;
            }
        } else if (body instanceof Checkpoint checkpoint && checkpoint.height() > stableHeight) {
            checkpoints.add(signed);
        }
    }

    private void replayVote(Signed signed) {
        if (signed.message() instanceof Prepare prepare && log.inWindow(prepare.height())) {
            Slot slot = log.slot(prepare.height());
            slot.prepares.add(signed, config.maxViewsPerHeight());
            restorePrepared(slot);
        } else if (signed.message() instanceof Checkpoint checkpoint && checkpoint.height() > stableHeight) {
            checkpoints.add(signed);
        }
    }

    private void restorePrepared(Slot slot) {
        if (slot.acceptedPrePrepare == null) {
            return;
        }
        List<Signed> matching = slot.prepares.matching(slot.acceptedView, slot.acceptedDigest, validators.primaryOf(slot.acceptedView));
        if (matching.size() >= quorum - 1) {
            slot.prepared = new PreparedCertificate(slot.acceptedPrePrepare, slot.acceptedProposal, matching.subList(0, quorum - 1));
        }
    }

    private void replayStable(long height) {
        if (height <= stableHeight) {
            return;
        }
        for (int replica = 0; replica < validators.size(); replica++) {
            Signed any = checkpoints.of(replica, height);
            if (any != null) {
                List<Signed> matching = checkpoints.matching(height, ((Checkpoint) any.message()).stateDigest());
                if (matching.size() >= quorum) {
                    makeStable(height, ((Checkpoint) any.message()).stateDigest(), matching.subList(0, quorum), false);
                    return;
                }
            }
        }
        throw new IllegalStateException("journal declares checkpoint " + height + " stable without its proof");
    }

    private void finishRestore() {
        long highestOwn = stableHeight;
        for (Slot slot : log.slots()) {
            if (slot.acceptedIn(view)) {
                highestOwn = Math.max(highestOwn, slot.height);
                requests.markInFlight(slot.acceptedKeys);
            }
            lastProposalTimestampMillis = Math.max(lastProposalTimestampMillis, slot.acceptedTimestamp());
        }
        nextProposalHeight = highestOwn + 1;
        viewEnteredMillis = now;
        if (viewChanging) {
            viewChangeProgress();
        }
        if (lastDelivered < stableHeight) {
            fetchTarget = stableHeight;
            fetchAnnounced = false;
        }
    }

    // ------------------------------------------------------------------ helpers and queries

    private Signed sign(ConsensusMessage message) {
        if (!isMember()) {
            throw new IllegalStateException(selfId + " is not in the set of epoch " + validators.epoch() + " but was to sign " + message);
        }
        return new Signed(message, signer.sign(message));
    }

    private boolean isPrimary() {
        return validators.primaryOf(view) == self;
    }

    private boolean isMember() {
        return self >= 0;
    }

    private void reject(RejectReason reason) {
        rejections.merge(reason, 1L, Long::sum);
        effects.reject(reason);
    }

    /** Position in the current epoch's set; -1 when this node is not a member (an observer). */
    public int index() {
        return self;
    }

    public ValidatorSet validators() {
        return validators;
    }

    public long epoch() {
        return validators.epoch();
    }

    public long view() {
        return view;
    }

    public boolean viewChanging() {
        return viewChanging;
    }

    public long lastDeliveredHeight() {
        return lastDelivered;
    }

    public long stableHeight() {
        return stableHeight;
    }

    public Map<RejectReason, Long> rejections() {
        return Map.copyOf(rejections);
    }

    /** Messages and slots held: bounded by the watermark window and the configured buffers. */
    public int retainedItems() {
        return log.size() + checkpoints.size() + futureMessages.size() + futureEpochMessages.size() + viewChanges.size()
                + ownCheckpointDigests.size();
    }

    public Status status() {
        List<Status.PeerStatus> peers = new ArrayList<>();
        for (int replica = 0; replica < validators.size(); replica++) {
            if (replica == self) {
                continue;
            }
            boolean silent = lastHeardMillis[replica] < 0 || now - lastHeardMillis[replica] > config.requestTimeoutMillis();
            peers.add(new Status.PeerStatus(replica, lastHeardView[replica], lastHeardMillis[replica], silent));
        }
        return new Status(view, validators.primaryOf(view), viewChanging, lastDelivered, stableHeight, requests.size(), peers);
    }
}
