package io.yantar.consensus.sim;

import io.yantar.consensus.core.Authenticator;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.Certificates;
import io.yantar.consensus.core.CheckpointCertificate;
import io.yantar.consensus.core.CommittedBlock;
import io.yantar.consensus.core.Config;
import io.yantar.consensus.core.DurableRecord;
import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.Input;
import io.yantar.consensus.core.Journal;
import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.Outputs;
import io.yantar.consensus.core.Replica;
import io.yantar.consensus.core.StateFetch;
import io.yantar.consensus.core.ValidatorSet;
import io.yantar.consensus.core.message.PeerMessage;
import java.io.PrintStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.IntFunction;

/**
 * One seed of the cluster simulator: N real cores in one thread, a simulated clock and network
 * (delay, loss, duplication, reordering, partitions), crashes that restart from the journal, pauses
 * (a node not running for a while, as in a long GC pause), up
 * to f Byzantine replicas or twins. Unstable until GST, then healed; the run passes if no safety
 * check ever failed and every submitted request is executed by every honest replica within a
 * bound after GST. Everything random comes from the seed.
 *
 * <p>With a {@link Membership} scenario, every node of the scenario's universe runs from the
 * start (outside the current set it is an observer). Each change is "approved" in a block drawn
 * from the seed; like the ledger, a node that executes that block (or transfers state past it)
 * hands its core {@link Input.EpochScheduled} with the epoch starting at
 * {@code ceil((h + L) / K) * K + 1}. Half the seeds crash the primary when the first change
 * commits, so the epoch boundary comes during or after a view change. Nodes outside the genesis
 * set start late in half the seeds (see {@link #startsLate}).
 */
public final class Simulation {
    /** Simulated-time limit on reaching liveness after GST, per tolerated fault on top of a base. */
    static final long LIVENESS_BASE_MILLIS = 30_000;
    static final long LIVENESS_PER_FAULT_MILLIS = 15_000;
    private static final long MAX_EVENTS = 4_000_000;
    private static final long CLIENT_RETRY_MILLIS = 4_000;
    private static final long BYZANTINE_TURN_MILLIS = 150;
    private static final long PAUSE_SEED_SALT = 0x6a09e667f3bcc909L;

    private final SimulationOptions options;
    private final long seed;
    private final SplittableRandom random;
    private final PrintStream trace;
    private final Config config;
    private final ValidatorSet validators;
    /** Every epoch of the run, with start heights; epoch k > 0 is scheduled by block {@code approvals[k - 1]}. */
    private final List<ValidatorSet> epochs = new ArrayList<>();
    private final long[] approvals;
    private final boolean crashPrimaryAtApproval;
    private boolean approvalSeen;
    /** Replica i's authenticator: the seeded fake by default, or real signatures. */
    private final IntFunction<Authenticator> signers;
    private final SimRequests requestCodec;
    private final Set<Long> submitted = new HashSet<>();
    private final SafetyChecker checker;
    private final FaultPlan plan;
    private final List<SimNode> nodes = new ArrayList<>();
    private final PriorityQueue<Event> queue = new PriorityQueue<>();
    private final int[] honestExecutions;
    private int requestsExecutedEverywhere;
    private int honestNodes;
    private long now;
    private long sequence;
    private long events;
    private int pausesDrawn;
    private int stallsDetected;
    private boolean stable;
    private int[] partitionSide;

    public Simulation(SimulationOptions options, long seed, PrintStream trace) {
        this(options, seed, trace, null, null);
    }

    /**
     * With real signatures: {@code signers} gives replica i's authenticator (a crypto suite's
     * keys, for example), used to sign its messages and by the checker to verify certificates.
     * The run is the same function of the seed; only the signature bytes differ.
     */
    public Simulation(SimulationOptions options, long seed, PrintStream trace, IntFunction<Authenticator> signers) {
        this(options, seed, trace, null, signers);
    }

    /** With {@code scripted} given, the faults are scripted instead of drawn from the seed (the network still is). */
    Simulation(SimulationOptions options, long seed, PrintStream trace, FaultPlan scripted) {
        this(options, seed, trace, scripted, null);
    }

    private Simulation(SimulationOptions options, long seed, PrintStream trace, FaultPlan scripted, IntFunction<Authenticator> signers) {
        this.options = options;
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.trace = trace;
        Membership membership = options.membership();
        this.validators = membership.genesis(options.replicas());
        this.config = simulationConfig(options);
        long[] secrets = FakeAuthenticator.secrets(membership.universe(options.replicas()), seed);
        this.signers = signers != null ? signers : replica -> FakeAuthenticator.forReplica(secrets, replica);
        this.requestCodec = new SimRequests(random.nextLong());
        List<List<String>> sets = membership.sets(options.replicas());
        this.approvals = new long[sets.size() - 1];
        if (scripted != null) {
            this.plan = scripted;
        } else if (membership == Membership.NONE) {
            this.plan = FaultPlan.draw(random, options);
        } else {
            this.plan = FaultPlan.draw(random, membership.steadyMembers(options.replicas()), options.faulty(),
                    MEMBERSHIP_MIN_REQUESTS, false);
        }
        epochs.add(validators);
        for (int k = 1; k < sets.size(); k++) {
            long from = k == 1 ? 2 : epochs.get(k - 1).startHeight();
            approvals[k - 1] = from + random.nextInt(8);
            epochs.add(new ValidatorSet(k, epochStart(approvals[k - 1]), sets.get(k)));
        }
        this.crashPrimaryAtApproval = membership != Membership.NONE && random.nextBoolean();
        this.honestExecutions = new int[this.plan.requests()];
        SimApplication verifierApp = new SimApplication(requestCodec, false, (position, id) -> { });
        List<Certificates> verifiers = new ArrayList<>();
        for (ValidatorSet set : epochs) {
            verifiers.add(new Certificates(config, set, this.signers.apply(0).forEpoch(set), verifierApp,
                    verifiers.isEmpty() ? null : verifiers.get(verifiers.size() - 1)));
        }
        this.checker = new SafetyChecker(epoch -> epoch >= 0 && epoch < verifiers.size() ? verifiers.get((int) epoch) : null,
                height -> EpochHistory.of(epochs).at(height).epoch(), requestCodec, submitted);
    }

    /** As the ledger's EpochRules: the first height after the checkpoint boundary at or above h + L. */
    private long epochStart(long approvalHeight) {
        long k = config.checkpointInterval();
        return Math.floorDiv(approvalHeight + config.watermarkWindow() + k - 1, k) * k + 1;
    }

    /** The epochs a node knows once it executed {@code height}. */
    private EpochHistory historyUpTo(long height) {
        EpochHistory history = EpochHistory.of(validators);
        for (int k = 0; k < approvals.length && approvals[k] <= height; k++) {
            history = history.with(epochs.get(k + 1));
        }
        return history;
    }

    private ValidatorSet scheduledBy(long height) {
        for (int k = 0; k < approvals.length; k++) {
            if (approvals[k] == height) {
                return epochs.get(k + 1);
            }
        }
        return null;
    }

    static Config simulationConfig(SimulationOptions options) {
        // one request per block in membership runs, so that the requests carry the chain across the epochs
        int batch = options.membership() == Membership.NONE ? 8 : 1;
        return Config.defaults("sim").withCheckpointInterval(4, 16).withBatch(batch, 10)
                .withTimeouts(1_000, 1_000, 8_000, 300).withMutation(options.mutation());
    }

    /** Enough requests (one per block) to pass the last epoch boundary (at most about height 53) and order some after it. */
    private static final int MEMBERSHIP_MIN_REQUESTS = 64;

    public SimulationResult run() {
        buildNodes();
        schedulePlan();
        while (!queue.isEmpty()) {
            Event event = queue.poll();
            now = event.time();
            if (++events > MAX_EVENTS) {
                return result("event budget of " + MAX_EVENTS + " exhausted at " + now + " ms");
            }
            handle(event);
            if (!checker.violations().isEmpty()) {
                return result(null);
            }
            if (stable && requestsExecutedEverywhere == plan.requests() && allInLastEpoch()) {
                return result(null);
            }
            if (stable && now > plan.gstMillis() + livenessBoundMillis()) {
                return result(livenessReport());
            }
        }
        return result("event queue ran dry at " + now + " ms");
    }

    /** Liveness across epochs: every honest node (observers too) reached the scenario's last epoch. */
    private boolean allInLastEpoch() {
        long last = epochs.size() - 1;
        for (SimNode node : nodes) {
            if (node.honest() && (node.replica == null || node.replica.epoch() != last)) {
                return false;
            }
        }
        return true;
    }

    private long livenessBoundMillis() {
        return LIVENESS_BASE_MILLIS + LIVENESS_PER_FAULT_MILLIS * Math.max(1, options.faulty());
    }

    // ------------------------------------------------------------------ set-up

    private void buildNodes() {
        for (int replica = 0; replica < options.membership().universe(options.replicas()); replica++) {
            Byzantine.Kind kind = plan.byzantine().get(replica);
            nodes.add(newNode(nodes.size(), replica, kind, kind != null || plan.twinned() == replica));
        }
        if (plan.twinned() >= 0) {
            nodes.add(newNode(nodes.size(), plan.twinned(), null, true));
        }
        for (SimNode node : nodes) {
            if (node.honest()) {
                honestNodes++;
            }
            node.clockOffsetMillis = random.nextLong(-100, 101);
            node.replica = Replica.create(config, EpochHistory.of(validators), node.memberId, node.app, node.authenticator,
                    localTime(node));
            schedule(0, node.id, new Action.Wake());
            if (node.byzantine != null) {
                schedule(random.nextLong(BYZANTINE_TURN_MILLIS), node.id, new Action.ByzantineTurn());
            }
            if (startsLate(node)) {
                node.up = false;
                node.replica = null;
                schedule(random.nextLong(plan.gstMillis()), node.id, new Action.Restart());
            }
        }
    }

    /**
     * In half the membership seeds a node outside the genesis set starts late, at a time drawn up
     * to GST (it may have missed epoch switches): it catches up from the epoch ends that every
     * retransmission announces, as a node added while the ledger runs must.
     */
    private boolean startsLate(SimNode node) {
        return options.membership() != Membership.NONE && !validators.members().contains(node.memberId) && random.nextBoolean();
    }

    private SimNode newNode(int id, int replica, Byzantine.Kind kind, boolean faulty) {
        Authenticator authenticator = signers.apply(replica);
        String name = "n" + id + (id != replica ? "(twin of r" + replica + ")" : "");
        SimNode node = new SimNode(id, replica, "replica-" + replica, name, faulty, authenticator);
        node.app = new SimApplication(requestCodec, !faulty, faulty ? (position, request) -> { }
                : (position, request) -> executedAt(node, position, request));
        if (kind != null) {
            node.byzantine = new Byzantine(kind, replica, validators, authenticator, random.split());
        }
        return node;
    }

    private void schedulePlan() {
        for (FaultPlan.Submission submission : plan.submissions()) {
            schedule(submission.atMillis(), submission.node() % nodes.size(), new Action.Submit(submission.requestId()));
        }
        for (FaultPlan.Crash crash : plan.crashes()) {
            int node = honestNodeIndex(crash.honestOrdinal());
            schedule(crash.atMillis(), node, new Action.Crash());
            schedule(crash.atMillis() + crash.downMillis(), node, new Action.Restart());
        }
        schedulePauses();
        for (FaultPlan.Partition partition : plan.partitions()) {
            schedule(partition.fromMillis(), 0, new Action.Split(partition.sides(nodes.size(), plan.twinned(), validators.size())));
            schedule(partition.toMillis(), 0, new Action.Heal());
        }
        schedule(plan.gstMillis(), 0, new Action.Stabilise());
    }

    /**
     * Up to three pauses of honest nodes before GST, as a long GC pause or a starved process:
     * everything addressed to the node waits until it runs again, and its first tick then comes
     * late. Drawn from a random of their own, so that the rest of a seed's run is what it was
     * before pauses existed.
     */
    private void schedulePauses() {
        SplittableRandom pauses = new SplittableRandom(seed ^ PAUSE_SEED_SALT);
        for (int i = pauses.nextInt(4); i > 0; i--) {
            pausesDrawn++;
            int node = honestNodeIndex(pauses.nextInt(nodes.size()));
            schedule(pauses.nextLong(plan.gstMillis()), node, new Action.Pause(300 + pauses.nextLong(3_700)));
        }
    }

    private int honestNodeIndex(int ordinal) {
        List<SimNode> honest = nodes.stream().filter(SimNode::honest).toList();
        return honest.isEmpty() ? 0 : honest.get(ordinal % honest.size()).id;
    }

    // ------------------------------------------------------------------ events

    private void handle(Event event) {
        SimNode node = nodes.get(event.node());
        Action action = event.action();
        if (now < node.pausedUntilMillis && deferredWhilePaused(node, event)) {
            return;
        }
        if (action instanceof Action.Pause pause) {
            node.pausedUntilMillis = Math.max(node.pausedUntilMillis, now + pause.millis());
            trace(node.name + " paused for " + pause.millis() + " ms");
        } else if (action instanceof Action.Deliver deliver) {
            if (node.byzantine != null) {
                node.byzantine.observe(deliver.message());
            }
            feed(node, new Input.FromPeer(deliver.from(), deliver.message()));
        } else if (action instanceof Action.Wake) {
            if (event.time() == node.wakeAtMillis) {
                node.wakeAtMillis = Long.MAX_VALUE;
                feed(node, null);
            }
        } else if (action instanceof Action.Submit submit) {
            submit(node, submit.requestId());
        } else if (action instanceof Action.Crash) {
            crash(node);
        } else if (action instanceof Action.Restart) {
            restart(node);
        } else if (action instanceof Action.Split split) {
            partitionSide = split.sides();
            trace("partition " + java.util.Arrays.toString(split.sides()));
        } else if (action instanceof Action.Heal) {
            partitionSide = null;
            trace("heal");
        } else if (action instanceof Action.Stabilise) {
            stabilise();
        } else if (action instanceof Action.RetryClients) {
            retryClients();
        } else if (action instanceof Action.Transfer transfer) {
            transfer(node, transfer.fetch());
        } else if (action instanceof Action.ByzantineTurn) {
            byzantineTurn(node);
        }
    }

    /** What reaches a paused node waits for its end, in order; crashes, restarts and the network's faults do not. */
    private boolean deferredWhilePaused(SimNode node, Event event) {
        Action action = event.action();
        if (action instanceof Action.Wake) {
            if (event.time() == node.wakeAtMillis) {
                node.wakeAtMillis = node.pausedUntilMillis;
                schedule(node.pausedUntilMillis, node.id, action);
            }
            return true;
        }
        if (action instanceof Action.Deliver || action instanceof Action.Submit || action instanceof Action.Transfer
                || action instanceof Action.ByzantineTurn) {
            schedule(node.pausedUntilMillis, node.id, action);
            return true;
        }
        return false;
    }

    private void submit(SimNode node, long requestId) {
        submitted.add(requestId);
        trace("client -> " + node.name + " request " + requestId);
        if (node.up) {
            feed(node, new Input.ClientRequest(requestCodec.payload(requestId, 16 + (int) (requestId % 48))));
        }
    }

    /** Global stabilisation: the network heals, crashed replicas restart, loss stops; clients retry. */
    private void stabilise() {
        stable = true;
        partitionSide = null;
        trace("GST: network healed, all honest replicas up");
        for (SimNode node : nodes) {
            if (!node.up) {
                restart(node);
            }
        }
        retryClients();
    }

    private void retryClients() {
        List<SimNode> honest = nodes.stream().filter(node -> node.honest() && node.up).toList();
        for (long request = 0; request < plan.requests(); request++) {
            if (submitted.contains(request) && honestExecutions[(int) request] < honestNodes && !honest.isEmpty()) {
                submit(honest.get(random.nextInt(honest.size())), request);
            }
        }
        schedule(now + CLIENT_RETRY_MILLIS, 0, new Action.RetryClients());
    }

    private void crash(SimNode node) {
        if (!node.up || stable) {
            return;
        }
        node.up = false;
        node.replica = null;
        node.wakeAtMillis = Long.MAX_VALUE;
        trace(node.name + " crashed");
    }

    private void restart(SimNode node) {
        if (node.up) {
            return;
        }
        node.up = true;
        node.replica = Replica.restore(config, historyUpTo(node.app.height()), node.memberId, node.app, node.authenticator,
                node.journal, node.app.height(), localTime(node));
        trace(node.name + " restarted from " + node.journal.size() + " journal records at height " + node.app.height());
        feed(node, null);
    }

    private void transfer(SimNode node, StateFetch fetch) {
        if (!node.up) {
            return;
        }
        SimNode source = null;
        for (SimNode candidate : nodes) {
            if (candidate.honest() && candidate.app.height() >= fetch.height()
                    && candidate.app.stateDigestAt(fetch.height()).equals(fetch.stateDigest())) {
                source = candidate;
                break;
            }
        }
        if (source == null) {
            schedule(now + 500, node.id, new Action.Transfer(fetch));
            return;
        }
        long from = node.app.height();
        for (long height = from + 1; height <= fetch.height(); height++) {
            CommittedBlock block = source.app.blockAt(height);
            if (node.honest()) {
                checker.committed(node.name, block);
            }
            Bytes state = node.app.execute(block);
            if (node.honest()) {
                checker.reachedState(node.name, height, state);
            }
            ValidatorSet scheduled = scheduledBy(height);
            if (scheduled != null) {
                feed(node, new Input.EpochScheduled(scheduled));
            }
        }
        trace(node.name + " state transfer " + from + " -> " + fetch.height() + " from " + source.name);
        feed(node, new Input.StateTransferred(fetch.height(), fetch.stateDigest(), fetch.certificate()));
    }

    private void byzantineTurn(SimNode node) {
        if (node.up && node.replica != null) {
            node.byzantine.follow(node.replica.validators());
            for (Outbound outbound : node.byzantine.act(node.replica.view())) {
                send(node, outbound);
            }
        }
        schedule(now + BYZANTINE_TURN_MILLIS, node.id, new Action.ByzantineTurn());
    }

    // ------------------------------------------------------------------ stepping a replica

    /** Steps {@code node} with {@code input} (after a Tick if its clock moved), then everything its outputs cause. */
    private void feed(SimNode node, Input input) {
        if (!node.up) {
            return;
        }
        ArrayDeque<Input> work = new ArrayDeque<>();
        long local = localTime(node);
        if (local > node.lastTickMillis || input == null) {
            node.lastTickMillis = Math.max(local, node.lastTickMillis);
            work.add(new Input.Tick(node.lastTickMillis));
        }
        if (input != null) {
            work.add(input);
        }
        while (!work.isEmpty() && node.up) {
            Input next = work.poll();
            Outputs outputs;
            long stalledBefore = node.replica.stalledMillis();
            try {
                outputs = node.replica.step(next);
            } catch (RuntimeException broken) {
                if (node.honest()) {
                    checker.violation("invariant at " + node.name + ": " + broken);
                }
                node.up = false;
                node.replica = null;
                return;
            }
            if (node.replica.stalledMillis() > stalledBefore) {
                stallsDetected++;
                trace(node.name + " was not running for " + (node.replica.stalledMillis() - stalledBefore) + " ms");
            }
            if (trace != null && !(next instanceof Input.Tick && outputs.isEmpty())) {
                trace(node.name + " <- " + Describe.input(next) + Describe.outputs(outputs));
            }
            apply(node, outputs, work);
        }
    }

    private void apply(SimNode node, Outputs outputs, ArrayDeque<Input> work) {
        node.journal.addAll(outputs.persist());
        for (DurableRecord record : outputs.persist()) {
            if (record instanceof DurableRecord.StableCheckpoint) {
                node.journal = Journal.compact(node.journal);
                break;
            }
        }
        if (plan.crashMidStep(random, stable, node)) {
            trace(node.name + " crashed after persisting, before sending");
            crash(node);
            return;
        }
        if (node.byzantine != null) {
            node.byzantine.follow(node.replica.validators());
        }
        List<Outbound> sends = node.byzantine == null ? outputs.send() : node.byzantine.rewrite(outputs.send());
        for (Outbound outbound : sends) {
            send(node, outbound);
        }
        for (CommittedBlock block : outputs.committed()) {
            if (node.honest()) {
                checker.committed(node.name, block);
            }
            Bytes state = node.app.execute(block);
            if (node.honest()) {
                checker.reachedState(node.name, block.height(), state);
            }
            ValidatorSet scheduled = scheduledBy(block.height());
            if (scheduled != null) {
                work.add(new Input.EpochScheduled(scheduled)); // the ledger tells the core before it reports the block executed
                crashPrimaryAtFirstApproval(node);
            }
            work.add(new Input.Executed(block.height(), state));
        }
        for (CheckpointCertificate certificate : outputs.stableCheckpoints()) {
            if (node.honest()) {
                checker.stable(node.name, certificate);
            }
        }
        for (StateFetch fetch : outputs.fetches()) {
            schedule(now + 20 + random.nextInt(100), node.id, new Action.Transfer(fetch));
        }
        if (outputs.nextDeadlineMillis() != Long.MAX_VALUE) {
            long at = Math.max(now, outputs.nextDeadlineMillis() - node.clockOffsetMillis);
            if (at < node.wakeAtMillis) {
                node.wakeAtMillis = at;
                schedule(at, node.id, new Action.Wake());
            }
        }
    }

    /** The change commits: its primary crashes (before GST, half the seeds), so a view change meets the pending epoch. */
    private void crashPrimaryAtFirstApproval(SimNode node) {
        if (approvalSeen || !crashPrimaryAtApproval || stable) {
            return;
        }
        approvalSeen = true;
        ValidatorSet set = node.replica.validators();
        String primary = set.members().get(set.primaryOf(node.replica.view()));
        for (SimNode candidate : nodes) {
            if (candidate.memberId.equals(primary) && candidate.honest() && candidate.up) {
                trace("the change commits: primary " + candidate.name + " crashes");
                schedule(now, candidate.id, new Action.Crash());
                schedule(now + 1_500, candidate.id, new Action.Restart());
            }
        }
    }

    /** A message to every other node (observers too), or to the node of one position in the sender's current set. */
    private void send(SimNode from, Outbound outbound) {
        String target = null;
        if (!outbound.broadcast()) {
            ValidatorSet set = from.replica != null ? from.replica.validators() : validators;
            if (outbound.to() < 0 || outbound.to() >= set.size()) {
                return;
            }
            target = set.members().get(outbound.to());
        }
        for (SimNode to : nodes) {
            if (to.id == from.id || to.memberId.equals(from.memberId)) {
                continue;
            }
            if (target != null && !target.equals(to.memberId)) {
                continue;
            }
            if (partitionSide != null && partitionSide[from.id] != partitionSide[to.id]) {
                continue;
            }
            if (!stable && random.nextDouble() < plan.dropProbability()) {
                continue;
            }
            int copies = random.nextDouble() < plan.duplicateProbability() ? 2 : 1;
            for (int copy = 0; copy < copies; copy++) {
                schedule(now + plan.delayMillis(random), to.id, new Action.Deliver(from.replicaIndex, outbound.message()));
            }
        }
    }

    private void executedAt(SimNode node, int position, long requestId) {
        checker.executed(node.name, position, requestId);
        if (requestId >= 0 && requestId < honestExecutions.length && ++honestExecutions[(int) requestId] == honestNodes) {
            requestsExecutedEverywhere++;
        }
    }

    private long localTime(SimNode node) {
        return Math.max(0, now + node.clockOffsetMillis);
    }

    private void schedule(long at, int node, Action action) {
        queue.add(new Event(at, sequence++, node, action));
    }

    private void trace(String line) {
        if (trace != null) {
            trace.println(String.format("%8d ms  %s", now, line));
        }
    }

    // ------------------------------------------------------------------ results

    private String livenessReport() {
        StringBuilder out = new StringBuilder("after GST + " + livenessBoundMillis() + " ms, "
                + (plan.requests() - requestsExecutedEverywhere) + " of " + plan.requests() + " requests not executed everywhere;");
        for (SimNode node : nodes) {
            if (node.honest() && node.replica != null) {
                out.append(' ').append(node.name).append("[epoch ").append(node.replica.epoch()).append(" view ")
                        .append(node.replica.view())
                        .append(node.replica.viewChanging() ? " changing" : "").append(", height ")
                        .append(node.replica.lastDeliveredHeight()).append(']');
            }
        }
        return out.toString();
    }

    private SimulationResult result(String livenessFailure) {
        long maxView = 0;
        for (SimNode node : nodes) {
            if (node.replica != null) {
                maxView = Math.max(maxView, node.replica.view());
            }
        }
        java.util.Map<io.yantar.consensus.core.RejectReason, Long> rejections = new java.util.TreeMap<>();
        for (SimNode node : nodes) {
            if (node.honest() && node.replica != null) {
                node.replica.rejections().forEach((reason, count) -> rejections.merge(reason, count, Long::sum));
            }
        }
        return new SimulationResult(seed, plan.describe() + " pauses=" + pausesDrawn + " stalls-detected=" + stallsDetected, List.copyOf(checker.violations()),
                checker.violations().isEmpty() ? livenessFailure : null, events, now, checker.decidedHeights(), maxView, rejections);
    }

    // ------------------------------------------------------------------ plumbing

    /** One simulated machine: a replica index (twins share one), its core, journal, application and clock offset. */
    static final class SimNode {
        final int id;
        final int replicaIndex;
        final String memberId;
        final String name;
        final boolean faulty;
        final Authenticator authenticator;
        SimApplication app;
        Byzantine byzantine;
        Replica replica;
        List<DurableRecord> journal = new ArrayList<>();
        boolean up = true;
        long clockOffsetMillis;
        long lastTickMillis = -1;
        long wakeAtMillis = Long.MAX_VALUE;
        /** Until when the node does not run (a simulated GC pause); -1: never paused. */
        long pausedUntilMillis = -1;

        SimNode(int id, int replicaIndex, String memberId, String name, boolean faulty, Authenticator authenticator) {
            this.id = id;
            this.replicaIndex = replicaIndex;
            this.memberId = memberId;
            this.name = name;
            this.faulty = faulty;
            this.authenticator = authenticator;
        }

        boolean honest() {
            return !faulty;
        }
    }

    record Event(long time, long sequence, int node, Action action) implements Comparable<Event> {
        @Override
        public int compareTo(Event other) {
            return time != other.time ? Long.compare(time, other.time) : Long.compare(sequence, other.sequence);
        }
    }

    sealed interface Action {
        record Deliver(int from, PeerMessage message) implements Action {
        }

        record Pause(long millis) implements Action {
        }

        record Wake() implements Action {
        }

        record Submit(long requestId) implements Action {
        }

        record Crash() implements Action {
        }

        record Restart() implements Action {
        }

        record Split(int[] sides) implements Action {
        }

        record Heal() implements Action {
        }

        record Stabilise() implements Action {
        }

        record RetryClients() implements Action {
        }

        record Transfer(StateFetch fetch) implements Action {
        }

        record ByzantineTurn() implements Action {
        }
    }
}
