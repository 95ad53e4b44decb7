package io.yantar.node.cluster;

import io.yantar.consensus.core.EpochHistory;
import io.yantar.consensus.core.ValidatorSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.pekko.actor.Address;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.AbstractBehavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.javadsl.Receive;
import org.apache.pekko.actor.typed.javadsl.TimerScheduler;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.UniqueAddress;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.Down;
import org.apache.pekko.cluster.typed.Leave;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Pekko cluster to the validator sets when governance removes a validator. A validator
 * whose process runs when an epoch without it starts leaves the cluster gracefully (its
 * ActorSystem then stops, as a downed node's does); the validators of the epoch down that process
 * if it is still a member {@code downAfter} later (it may be Byzantine and ignore its removal).
 * One that is leaving then gets another {@code downAfter} to finish (a graceful leave ends its
 * process with a clean reason). A removed validator's messages are already dropped by the
 * transport from its last epoch's end; this only ends its membership. A removed validator's
 * machine started again later (by its operator, with its old data or none) is an observer like
 * any other: it does not leave when it finds, at its start or by fetching history, that an epoch
 * removed it, and the validators do not down it, so that governance can add it back. Observers
 * that were never validators (new nodes waiting for their epoch, auditors) are not touched.
 * The old machine of a replaced validator (same node id, its key no longer the id's key) leaves
 * too; the others cannot tell it from the new machine by its cluster role, but they can by its
 * cluster address: a member with a validator's id at an address (host:port) that id had in an
 * earlier epoch and has in neither the current nor a later known one is a replaced machine, and
 * it is downed like a removed validator. (A replacement at the same address is the same endpoint:
 * the old machine cannot be a member there anyway.)
 */
public final class RemovedValidators extends AbstractBehavior<RemovedValidators.Command> {
    private static final Logger LOG = LoggerFactory.getLogger("yantar.cluster");
    private static final String DOWN_TIMER = "down-removed";

    public sealed interface Command {
    }

    /**
     * The replica entered {@code set}'s epoch; {@code history} holds every epoch this node knows;
     * {@code byStateTransfer}: it got there by fetching blocks the cluster had ordered, not by
     * ordering them itself; {@code orderedInPreviousEpoch}: this process's replica committed a
     * block of the epoch before (it voted there, even if it fell behind and fetched the rest);
     * {@code holdsMemberKeyIn} says whether this machine's key is its node
     * id's key in a set; {@code clusterAddressesIn} gives a set's validators' cluster addresses
     * ("host:port" by node id).
     */
    public record EpochStarted(ValidatorSet set, EpochHistory history, boolean byStateTransfer, boolean orderedInPreviousEpoch,
                               Predicate<ValidatorSet> holdsMemberKeyIn,
                               Function<ValidatorSet, Map<String, String>> clusterAddressesIn) implements Command {
    }

    private record DownRemoved() implements Command {
    }

    private record MemberChanged(ClusterEvent.MemberEvent event) implements Command {
    }

    private final String selfNodeId;
    private final boolean leavesWhenRemoved;
    private final Duration downAfter;
    private final Cluster cluster;
    private final TimerScheduler<Command> timers;
    private Set<String> removed = Set.of();
    /** By node id of a current validator: the cluster addresses of its replaced machines. */
    private Map<String, Set<String>> replacedMachines = Map.of();
    /** The processes of removed validators that were members when this node entered the epoch: they should leave. */
    private Set<UniqueAddress> removedProcesses = Set.of();
    /** Removed validators' processes that joined afterwards, already logged as observers. */
    private final Set<UniqueAddress> rejoinedObservers = new HashSet<>();
    /** Removed members found leaving at a check: downed if still there at the next one. */
    private final Set<Address> leavingAtLastCheck = new HashSet<>();
    private boolean validator;
    private boolean leaving;
    /** The last epoch this process entered: whether it listed this node, and whether it was ordered here (null: none yet). */
    private Boolean lastListedSelf;
    /** The epoch last started here (-1: none): a replica restarted from its journal reports its epoch again. */
    private long lastEpoch = -1;
    private boolean lastOrderedHere;

    private RemovedValidators(ActorContext<Command> context, TimerScheduler<Command> timers, String selfNodeId,
                              boolean leavesWhenRemoved, Duration downAfter) {
        super(context);
        this.timers = timers;
        this.selfNodeId = selfNodeId;
        this.leavesWhenRemoved = leavesWhenRemoved;
        this.downAfter = downAfter;
        this.cluster = Cluster.get(context.getSystem());
        cluster.subscriptions().tell(Subscribe.create(context.messageAdapter(ClusterEvent.MemberEvent.class, MemberChanged::new),
                ClusterEvent.MemberEvent.class));
    }

    /**
     * @param leavesWhenRemoved false only for a node under test faults (a lying validator), so
     *     that the others' downing is exercised
     */
    public static Behavior<Command> create(String selfNodeId, boolean leavesWhenRemoved, Duration downAfter) {
        return Behaviors.setup(context -> Behaviors.withTimers(timers ->
                new RemovedValidators(context, timers, selfNodeId, leavesWhenRemoved, downAfter)));
    }

    /**
     * The validators of epochs before {@code current} that neither {@code current} nor a later
     * known epoch lists: removed by governance and not added back.
     */
    public static Set<String> removedAsOf(EpochHistory history, ValidatorSet current) {
        Set<String> stillValidators = new HashSet<>(current.members());
        Set<String> earlier = new TreeSet<>();
        for (long epoch = history.genesis().epoch(); epoch <= history.latest().epoch(); epoch++) {
            List<String> members = history.ofEpoch(epoch).map(ValidatorSet::members).orElse(List.of());
            if (epoch < current.epoch()) {
                earlier.addAll(members);
            } else if (epoch > current.epoch()) {
                stillValidators.addAll(members);
            }
        }
        earlier.removeAll(stillValidators);
        return earlier;
    }

    /**
     * Whether this machine was replaced by {@code current}'s epoch or before: its key was its node
     * id's key in an earlier epoch, and is not in {@code current} nor in a later known epoch (the
     * new machine of a replaced validator, before its epoch, held it in none yet).
     */
    public static boolean machineReplacedAsOf(EpochHistory history, ValidatorSet current, Predicate<ValidatorSet> holdsMemberKeyIn) {
        boolean heldBefore = false;
        boolean holdsFromNowOn = false;
        for (long epoch = history.genesis().epoch(); epoch <= history.latest().epoch(); epoch++) {
            ValidatorSet set = epoch == current.epoch() ? current : history.ofEpoch(epoch).orElseThrow();
            if (epoch < current.epoch()) {
                heldBefore |= holdsMemberKeyIn.test(set);
            } else {
                holdsFromNowOn |= holdsMemberKeyIn.test(set);
            }
        }
        return heldBefore && !holdsFromNowOn;
    }

    /**
     * By node id of a validator of {@code current}: the cluster addresses ("host:port") it had in
     * earlier epochs and has in neither {@code current} nor a later known epoch, the machines that
     * a replace-key moved away from. A new machine observing before its epoch is at an address
     * that no epoch lists yet, so it is never among them.
     */
    public static Map<String, Set<String>> replacedMachineAddresses(EpochHistory history, ValidatorSet current,
                                                                     Function<ValidatorSet, Map<String, String>> clusterAddressesIn) {
        Map<String, Set<String>> earlier = new TreeMap<>();
        Map<String, Set<String>> fromNowOn = new HashMap<>();
        for (long epoch = history.genesis().epoch(); epoch <= history.latest().epoch(); epoch++) {
            ValidatorSet set = epoch == current.epoch() ? current : history.ofEpoch(epoch).orElse(null);
            if (set == null) {
                continue;
            }
            Map<String, Set<String>> into = epoch < current.epoch() ? earlier : fromNowOn;
            clusterAddressesIn.apply(set).forEach((nodeId, address) -> into.computeIfAbsent(nodeId, id -> new HashSet<>()).add(address));
        }
        Map<String, Set<String>> replaced = new TreeMap<>();
        for (String nodeId : current.members()) {
            Set<String> old = new TreeSet<>(earlier.getOrDefault(nodeId, Set.of()));
            old.removeAll(fromNowOn.getOrDefault(nodeId, Set.of()));
            if (!old.isEmpty()) {
                replaced.put(nodeId, Set.copyOf(old));
            }
        }
        return Map.copyOf(replaced);
    }

    /** "host:port" of a cluster member, as validator entries give it. */
    static String clusterAddress(Member member) {
        Address address = member.address();
        return address.getHost().orElse("") + ":" + address.getPort().map(String::valueOf).orElse("");
    }

    /**
     * Whether {@code member} must go: the process of a removed validator that was a member when the
     * epoch started (not one started again since, an observer), or a replaced machine.
     */
    private boolean retired(Member member) {
        return removedProcesses.contains(member.uniqueAddress()) || replacedMachine(member);
    }

    private boolean replacedMachine(Member member) {
        return replacedMachines.getOrDefault(ClusterView.nodeId(member), Set.of()).contains(clusterAddress(member));
    }

    /**
     * Whether this process should leave at the start of {@code set}'s epoch, which does not list it:
     * only a transition it takes part in. The epoch before, as this process entered it, listed it,
     * and this process voted in it ({@code tookPartInPrevious}: entered it by ordering, or committed
     * one of its blocks) or ordered the transition itself. A process started after its removal (its
     * first epoch already without it) or fetching the history of an earlier removal (an empty data
     * directory: the removed validator started again from scratch) is an observer and stays.
     */
    static boolean leavesOnRemoval(Boolean previousListedSelf, boolean tookPartInPrevious, boolean byStateTransfer) {
        return Boolean.TRUE.equals(previousListedSelf) && (tookPartInPrevious || !byStateTransfer);
    }

    /**
     * Whether this process saw the transition into {@code epoch} itself, so that a removed
     * validator's process still in the cluster is one that did not leave: a new epoch (not the one
     * {@code lastEpoch} again, which a replica restarted from its journal reports), not the first
     * since this process started, and ordered here rather than fetched.
     */
    static boolean sawTransition(long epoch, long lastEpoch, boolean enteredOneBefore, boolean byStateTransfer) {
        return epoch != lastEpoch && enteredOneBefore && !byStateTransfer;
    }

    @Override
    public Receive<Command> createReceive() {
        return newReceiveBuilder()
                .onMessage(EpochStarted.class, this::onEpochStarted)
                .onMessage(DownRemoved.class, this::onDownRemoved)
                .onMessage(MemberChanged.class, this::onMemberChanged)
                .build();
    }

    private Behavior<Command> onEpochStarted(EpochStarted started) {
        removed = removedAsOf(started.history(), started.set());
        replacedMachines = replacedMachineAddresses(started.history(), started.set(), started.clusterAddressesIn());
        boolean sawTransition = sawTransition(started.set().epoch(), lastEpoch, lastListedSelf != null, started.byStateTransfer());
        lastEpoch = started.set().epoch();
        List<String> previous = sawTransition
                ? started.history().ofEpoch(started.set().epoch() - 1).map(ValidatorSet::members).orElse(List.of())
                : List.of();
        Set<UniqueAddress> processes = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            String nodeId = ClusterView.nodeId(member);
            // removed by this epoch, or by an earlier one and not gone yet; never one started again since (an observer)
            if (!isGone(member) && removed.contains(nodeId) && !rejoinedObservers.contains(member.uniqueAddress())
                    && (previous.contains(nodeId) || removedProcesses.contains(member.uniqueAddress()))) {
                processes.add(member.uniqueAddress());
            }
        }
        removedProcesses = Set.copyOf(processes);
        boolean replaced = !removed.contains(selfNodeId)
                && machineReplacedAsOf(started.history(), started.set(), started.holdsMemberKeyIn());
        boolean listed = started.set().members().contains(selfNodeId);
        boolean removedNow = removed.contains(selfNodeId) && leavesOnRemoval(lastListedSelf,
                lastOrderedHere || started.orderedInPreviousEpoch(), started.byStateTransfer());
        if (removed.contains(selfNodeId) && !removedNow && !Boolean.FALSE.equals(lastListedSelf)) {
            LOG.info("{} is not a validator of epoch {} (validators {}): removed by governance before this process {}; it stays as an "
                    + "observer (stop it, or have the admins add it back)", selfNodeId, started.set().epoch(), started.set().members(),
                    lastListedSelf == null ? "started" : "fetched that history");
        }
        lastOrderedHere = lastListedSelf != null && !started.byStateTransfer(); // the first one was restored or fetched
        lastListedSelf = listed;
        validator = listed && !replaced;
        if ((removedNow || replaced) && !leaving) {
            String why = replaced ? "this machine's key is not " + selfNodeId + "'s key from epoch " + started.set().epoch()
                    + ": its machine was replaced by governance" : selfNodeId + " is not a validator of epoch " + started.set().epoch()
                    + " (validators " + started.set().members() + "): removed by governance";
            if (leavesWhenRemoved) {
                leaving = true;
                LOG.info("{}, it leaves the cluster", why);
                cluster.manager().tell(Leave.create(cluster.selfMember().address()));
            } else {
                LOG.warn("{}, but it stays in the cluster (test faults)", why);
            }
        }
        if (validator && !(removedProcesses.isEmpty() && replacedMachines.isEmpty())) {
            timers.startSingleTimer(DOWN_TIMER, new DownRemoved(), downAfter);
        }
        return this;
    }

    private Behavior<Command> onMemberChanged(MemberChanged changed) {
        Member member = changed.event().member();
        if (!validator || isGone(member)) {
            return this;
        }
        if (retired(member)) {
            if (!timers.isTimerActive(DOWN_TIMER)) {
                timers.startSingleTimer(DOWN_TIMER, new DownRemoved(), downAfter);
            }
        } else if (removed.contains(ClusterView.nodeId(member)) && !isLeaving(member) && rejoinedObservers.add(member.uniqueAddress())) {
            // a process that joined (not the removed one leaving, whose transition this validator fetched rather than ordered)
            LOG.info("{} ({}), removed from the validators, joined the cluster again: an observer, not downed",
                    ClusterView.nodeId(member), member.address());
        }
        return this;
    }

    private Behavior<Command> onDownRemoved(DownRemoved ignored) {
        if (!validator) {
            return this;
        }
        Set<Address> leaving = new HashSet<>();
        for (Member member : cluster.state().getMembers()) {
            if (!retired(member) || isGone(member)) {
                continue;
            }
            if (isLeaving(member) && !leavingAtLastCheck.contains(member.address())) {
                leaving.add(member.address());
            } else {
                LOG.warn("downing {} ({}, {}): {} and still a cluster member after {} s",
                        ClusterView.nodeId(member), member.address(), member.status(),
                        replacedMachine(member) ? "a replaced machine of that validator" : "removed from the validators",
                        downAfter.toSeconds());
                cluster.manager().tell(new Down(member.address()));
            }
        }
        leavingAtLastCheck.clear();
        leavingAtLastCheck.addAll(leaving);
        if (!leaving.isEmpty()) {
            timers.startSingleTimer(DOWN_TIMER, new DownRemoved(), downAfter);
        }
        return this;
    }

    private static boolean isLeaving(Member member) {
        return member.status().equals(MemberStatus.leaving()) || member.status().equals(MemberStatus.exiting());
    }

    private static boolean isGone(Member member) {
        return member.status().equals(MemberStatus.down()) || member.status().equals(MemberStatus.removed());
    }
}
