package io.yantar.node.consensus;

import io.yantar.consensus.core.Outbound;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.core.message.ProposalMessage;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.replica.ReplicaActor;
import io.yantar.consensus.wire.ProtoCodec;
import io.yantar.node.metrics.Counter;
import io.yantar.node.metrics.MetricsRegistry;
import io.yantar.proto.PeerEnvelope;
import io.yantar.node.faults.TransportFaultSettings;
import io.yantar.node.faults.TransportFaults;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.ActorContext;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.actor.typed.receptionist.Receptionist;
import org.apache.pekko.actor.typed.receptionist.ServiceKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replica-to-replica messages over the Pekko cluster. Each node registers an inbox with the
 * cluster Receptionist under its node id; the outbox follows the inboxes of the validator sets in
 * its {@link PeerDirectory}: the replica's current set and, once scheduled, the next one (a new
 * member is found by its node id as soon as its epoch is scheduled). Protobuf envelopes cross the
 * wire; the core's records exist only inside the node. A consensus message from a node in
 * neither set, or one that does not decode, is dropped and counted (signatures are checked by the
 * core). State-transfer requests are served to any node of the cluster: blocks are certified and
 * an observer (or a validator still joining) catches up that way.
 */
final class PeerTransport {
    private static final Logger LOG = LoggerFactory.getLogger(PeerTransport.class);

    private PeerTransport() {
    }

    static ServiceKey<PeerEnvelope> inboxKey(String nodeId) {
        return ServiceKey.create(PeerEnvelope.class, "yantar-peer-" + nodeId);
    }

    /**
     * Every node's inbox is also listed here: nodes outside the current and next sets (observers)
     * get the CHECKPOINTs, from which they learn how far the chain is and fetch it by state transfer.
     */
    static final ServiceKey<PeerEnvelope> EVERY_INBOX = ServiceKey.create(PeerEnvelope.class, "yantar-peer-inboxes");

    /** Everything the outbox is told. */
    sealed interface OutboxCommand {
    }

    /** A core message; its position ({@link Outbound#to()}) is in the replica's current set. */
    record Send(Outbound message) implements OutboxCommand {
    }

    /** A raw envelope for the validator at position {@code to} of the current set. */
    record SendEnvelope(int to, PeerEnvelope envelope) implements OutboxCommand {
    }

    /** A raw envelope for one node by id (state transfer, to any node of the cluster). */
    record SendEnvelopeTo(String nodeId, PeerEnvelope envelope) implements OutboxCommand {
    }

    /**
     * A validator set to follow: scheduled by the ledger ({@code entered} false) or entered by the
     * replica ({@code entered} true, from then on the set of positions).
     */
    record Follow(io.yantar.consensus.core.ValidatorSet validators, boolean entered) implements OutboxCommand {
    }

    private record ListingChanged(Receptionist.Listing listing) implements OutboxCommand {
    }

    /** A transport between the members of one fixed set (tests). */
    static Behavior<OutboxCommand> outbox(List<String> validators, int self, ProtoCodec codec, MetricsRegistry metrics) {
        io.yantar.consensus.core.ValidatorSet set = new io.yantar.consensus.core.ValidatorSet(0, 0, validators);
        return outbox(new AtomicReference<>(PeerDirectory.of(validators.get(self), set)), codec, metrics, Optional.empty());
    }

    /**
     * The outbox; it keeps {@code directory} up to date for the inbox and the ledger actor. With
     * {@code faults}, the test-only fault layer drops, duplicates and delays what leaves this node.
     */
    static Behavior<OutboxCommand> outbox(AtomicReference<PeerDirectory> directory, ProtoCodec codec, MetricsRegistry metrics,
                                          Optional<TransportFaultSettings> faults) {
        return Behaviors.setup(context -> {
            ActorRef<Receptionist.Listing> listings = context.messageAdapter(Receptionist.Listing.class, ListingChanged::new);
            Set<String> subscribed = new java.util.HashSet<>();
            // Usually one inbox per node id; two while a replaced machine and its successor both run.
            Map<String, Set<ActorRef<PeerEnvelope>>> inboxes = new HashMap<>();
            Counter unroutable = metrics.counter("yantar_peer_messages_unroutable_total",
                    "Messages not sent because the peer's inbox is not (yet) known.");
            Counter sentMessages = metrics.counter("yantar_peer_messages_sent_total",
                    "Consensus messages sent to peers, one per recipient, by kind.", "kind");
            Counter sentBytes = metrics.counter("yantar_peer_sent_bytes_total",
                    "Bytes of consensus messages sent to peers (before TLS), by kind.", "kind");
            String selfId = directory.get().selfId();
            int seedIndex = Math.max(0, directory.get().current().indexOf(selfId));
            Link wire = faults.isEmpty() ? (inbox, envelope) -> inbox.tell(envelope)
                    : faultyLink(new TransportFaults(faults.get(), seedIndex), context, metrics);
            long[] lastMessageId = {0};
            Link link = (inbox, envelope) -> {
                for (PeerEnvelope piece : EnvelopeFragments.split(envelope, ++lastMessageId[0], EnvelopeFragments.FRAGMENT_BYTES)) {
                    wire.send(inbox, piece);
                }
            };
            subscribed.add(selfId); // its own inbox, so that checkpoints to observers skip it
            context.getSystem().receptionist().tell(Receptionist.subscribe(inboxKey(selfId), listings));
            Runnable subscribe = () -> {
                for (String nodeId : directory.get().peers()) {
                    if (subscribed.add(nodeId)) {
                        context.getSystem().receptionist().tell(Receptionist.subscribe(inboxKey(nodeId), listings));
                    }
                }
            };
            subscribe.run();
            context.getSystem().receptionist().tell(Receptionist.subscribe(EVERY_INBOX, listings));
            Set<ActorRef<PeerEnvelope>> everyInbox = new java.util.HashSet<>();
            return Behaviors.receive(OutboxCommand.class)
                    .onMessage(ListingChanged.class, changed -> {
                        if (changed.listing().isForKey(EVERY_INBOX)) {
                            everyInbox.clear();
                            everyInbox.addAll(changed.listing().getServiceInstances(EVERY_INBOX));
                        }
                        for (String nodeId : subscribed) {
                            if (changed.listing().isForKey(inboxKey(nodeId))) {
                                Set<ActorRef<PeerEnvelope>> refs = changed.listing().getServiceInstances(inboxKey(nodeId));
                                if (refs.isEmpty()) {
                                    inboxes.remove(nodeId);
                                } else {
                                    inboxes.put(nodeId, Set.copyOf(refs));
                                    LOG.debug("peer {} reachable at {}", nodeId, refs.iterator().next().path());
                                }
                            }
                        }
                        return Behaviors.same();
                    })
                    .onMessage(Follow.class, follow -> {
                        directory.updateAndGet(known -> known.with(follow.validators(), follow.entered()));
                        subscribe.run();
                        return Behaviors.same();
                    })
                    .onMessage(Send.class, send -> {
                        PeerEnvelope envelope = codec.toProto(send.message().message(), selfId);
                        PeerDirectory peers = directory.get();
                        String kind = kindOf(send.message().message());
                        int recipients = send.message().broadcast() ? peers.peers().size() : 1;
                        sentMessages.add(recipients, kind);
                        sentBytes.add((long) envelope.getSerializedSize() * recipients, kind);
                        if (send.message().broadcast()) {
                            for (String nodeId : peers.peers()) {
                                deliver(inboxes, nodeId, envelope, unroutable, link);
                            }
                            if (isCheckpoint(send.message())) {
                                Set<ActorRef<PeerEnvelope>> reached = new java.util.HashSet<>();
                                for (String nodeId : peers.peers()) {
                                    reached.addAll(inboxes.getOrDefault(nodeId, Set.of()));
                                }
                                reached.addAll(inboxes.getOrDefault(selfId, Set.of()));
                                for (ActorRef<PeerEnvelope> observer : everyInbox) {
                                    if (!reached.contains(observer)) {
                                        link.send(observer, envelope);
                                    }
                                }
                            }
                        } else {
                            peers.at(send.message().to()).filter(nodeId -> !nodeId.equals(selfId))
                                    .ifPresent(nodeId -> deliver(inboxes, nodeId, envelope, unroutable, link));
                        }
                        return Behaviors.same();
                    })
                    .onMessage(SendEnvelope.class, send -> {
                        directory.get().at(send.to()).ifPresent(nodeId -> deliver(inboxes, nodeId,
                                send.envelope().toBuilder().setSenderNodeId(selfId).build(), unroutable, link));
                        return Behaviors.same();
                    })
                    .onMessage(SendEnvelopeTo.class, send -> {
                        if (subscribed.add(send.nodeId())) { // a node outside the sets asked for blocks: find its inbox
                            context.getSystem().receptionist().tell(Receptionist.subscribe(inboxKey(send.nodeId()), listings));
                        }
                        deliver(inboxes, send.nodeId(), send.envelope().toBuilder().setSenderNodeId(selfId).build(), unroutable, link);
                        return Behaviors.same();
                    })
                    .build();
        });
    }

    /** The metric label of a message: its consensus type, e.g. proposal, prepare, requests. */
    private static String kindOf(io.yantar.consensus.core.message.PeerMessage message) {
        Object body = message instanceof io.yantar.consensus.core.message.Signed signed ? signed.message() : message;
        return switch (body.getClass().getSimpleName()) {
            case "ProposalMessage" -> "proposal";
            case "ForwardedRequests" -> "requests";
            case "ViewChange" -> "view_change";
            case "NewView" -> "new_view";
            case "PrePrepare" -> "pre_prepare";
            default -> body.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static boolean isCheckpoint(Outbound outbound) {
        return outbound.message() instanceof io.yantar.consensus.core.message.Signed signed
                && signed.message() instanceof io.yantar.consensus.core.message.Checkpoint;
    }

    /** How an envelope reaches a known peer inbox: directly, or through the fault layer. */
    private interface Link {
        void send(ActorRef<PeerEnvelope> inbox, PeerEnvelope envelope);
    }

    private static Link faultyLink(TransportFaults faults, ActorContext<OutboxCommand> context, MetricsRegistry metrics) {
        Counter applied = metrics.counter("yantar_test_transport_faults_total",
                "Peer messages the test-only transport fault layer dropped, duplicated or delayed, by fault.", "fault");
        LOG.warn("test-only transport fault layer is on: peer messages are dropped, duplicated and delayed");
        return (inbox, envelope) -> {
            TransportFaults.Decision decision = faults.decide();
            decision.faults().forEach(fault -> applied.increment(fault.name().toLowerCase(java.util.Locale.ROOT)));
            for (Duration delay : decision.copyDelays()) {
                if (delay.isZero()) {
                    inbox.tell(envelope);
                } else {
                    context.scheduleOnce(delay, inbox, envelope);
                }
            }
        };
    }

    private static void deliver(Map<String, Set<ActorRef<PeerEnvelope>>> inboxes, String nodeId, PeerEnvelope envelope,
                                Counter unroutable, Link link) {
        Set<ActorRef<PeerEnvelope>> inbox = inboxes.get(nodeId);
        if (inbox == null) {
            unroutable.increment();
        } else {
            inbox.forEach(machine -> link.send(machine, envelope));
        }
    }

    /** Handles the envelopes that are not consensus messages (state transfer), by the sender's node id. */
    interface EnvelopeHandler {
        void handle(String sender, PeerEnvelope envelope);
    }

    /**
     * Decodes peers' envelopes for the replica. Forwarded client requests take a detour through
     * {@code requestVerifier}, which checks their signatures off the replica's thread, so the
     * consensus messages behind them are not delayed; proposals likewise through
     * {@code proposalVerifier}, unless they are {@link StaleProposals stale}. Ordering traffic a
     * node far behind will {@link FetchedInstead fetch instead} is dropped unchecked.
     */
    static Behavior<PeerEnvelope> inbox(String selfId, AtomicReference<PeerDirectory> directory, ProtoCodec codec,
                                        AtomicReference<ActorRef<ReplicaActor.Command>> replica,
                                        ActorRef<PayloadVerifier.Verify> requestVerifier,
                                        ActorRef<PayloadVerifier.Verify> proposalVerifier, StaleProposals staleProposals,
                                        FetchedInstead fetchedInstead, EnvelopeHandler stateTransfer, MetricsRegistry metrics) {
        return Behaviors.setup(context -> {
            context.getSystem().receptionist().tell(Receptionist.register(inboxKey(selfId), context.getSelf()));
            context.getSystem().receptionist().tell(Receptionist.register(EVERY_INBOX, context.getSelf()));
            Counter strangers = metrics.counter("yantar_peer_messages_from_non_validators_total",
                    "Messages dropped because the sender is in neither the current nor the next validator set.");
            Counter undecodable = metrics.counter("yantar_peer_messages_malformed_total",
                    "Messages dropped because they do not decode.");
            Counter stale = metrics.counter("yantar_peer_proposals_stale_total",
                    "Proposals for heights this node already executed, dropped before their payments' signatures are checked.");
            Counter fetching = metrics.counter("yantar_peer_messages_fetched_instead_total",
                    "Ordering messages and forwarded requests dropped unchecked while this node fetches blocks far behind the cluster.");
            EnvelopeFragments.Reassembly reassembly = new EnvelopeFragments.Reassembly(EnvelopeFragments.MESSAGE_BYTES_MAX);
            java.util.function.Consumer<PeerEnvelope> handle = envelope -> {
                String senderId = envelope.getSenderNodeId();
                if (envelope.hasStateRequest() || envelope.hasStateResponse()) {
                    if (!senderId.isEmpty() && !senderId.equals(selfId)) {
                        stateTransfer.handle(senderId, envelope);
                    }
                    return;
                }
                PeerDirectory peers = directory.get();
                if (!peers.accepts(senderId)) {
                    strangers.increment();
                    return;
                }
                int sender = peers.current().indexOf(senderId);
                ProtoCodec.Decoded<PeerMessage> decoded = codec.decode(envelope);
                ActorRef<ReplicaActor.Command> target = replica.get();
                if (!decoded.ok()) {
                    undecodable.increment();
                } else if (fetchedInstead.covers(decoded.value())) {
                    fetching.increment();
                } else if (decoded.value() instanceof ForwardedRequests requests) {
                    requestVerifier.tell(new PayloadVerifier.Verify(sender, requests, requests.payloads()));
                } else if (decoded.value() instanceof ProposalMessage proposal && staleProposals.isStale(proposal)) {
                    stale.increment();
                } else if (decoded.value() instanceof ProposalMessage proposal) {
                    proposalVerifier.tell(new PayloadVerifier.Verify(sender, proposal, proposal.proposal().payloads()));
                } else if (target != null) {
                    target.tell(new ReplicaActor.FromPeer(sender, decoded.value()));
                }
            };
            return Behaviors.receive(PeerEnvelope.class)
                    .onMessage(PeerEnvelope.class, envelope -> {
                        if (!envelope.hasFragment()) {
                            handle.accept(envelope);
                            return Behaviors.same();
                        }
                        EnvelopeFragments.Result joined = reassembly.add(envelope);
                        if (joined.dropped()) {
                            undecodable.increment();
                        }
                        joined.whole().ifPresent(handle);
                        return Behaviors.same();
                    })
                    .build();
        });
    }
}
