package io.yantar.node.consensus;

import java.time.Duration;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import io.yantar.proto.CheckpointCertificate;
import io.yantar.proto.CheckpointCertified;
import java.util.concurrent.ConcurrentSkipListMap;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.persistence.typed.PersistenceId;
import org.apache.pekko.persistence.typed.javadsl.CommandHandler;
import org.apache.pekko.persistence.typed.javadsl.EventHandler;
import org.apache.pekko.persistence.typed.javadsl.EventSourcedBehavior;

/**
 * Keeps every stable checkpoint certificate this node learned, so that receipt proofs of old
 * blocks survive a restart. One small journal event per certificate; on recovery the
 * certificates are published into the shared map that proofs read.
 */
final class CheckpointStore extends EventSourcedBehavior<CheckpointCertificate, CheckpointCertified, ConcurrentSkipListMap<Long, CheckpointCertificate>> {
    private final ConcurrentSkipListMap<Long, CheckpointCertificate> published;

    static Behavior<CheckpointCertificate> create(String nodeId, ConcurrentSkipListMap<Long, CheckpointCertificate> published) {
        return new CheckpointStore(nodeId, published);
    }

    private CheckpointStore(String nodeId, ConcurrentSkipListMap<Long, CheckpointCertificate> published) {
        // A journal that answers late at start-up (a loaded host) must not leave the node without its
        // stable checkpoints until it restarts: retry recovery as the block store does.
        super(PersistenceId.of("checkpoints", nodeId),
                SupervisorStrategy.restartWithBackoff(Duration.ofMillis(200), Duration.ofSeconds(5), 0.2));
        this.published = published;
    }

    @Override
    public ConcurrentSkipListMap<Long, CheckpointCertificate> emptyState() {
        return published;
    }

    @Override
    public CommandHandler<CheckpointCertificate, CheckpointCertified, ConcurrentSkipListMap<Long, CheckpointCertificate>> commandHandler() {
        return newCommandHandlerBuilder().forAnyState().onAnyCommand((state, certificate) -> state.containsKey(certificate.getHeight())
                ? Effect().none()
                : Effect().persist(CheckpointCertified.newBuilder().setCertificate(certificate).build()));
    }

    @Override
    public EventHandler<ConcurrentSkipListMap<Long, CheckpointCertificate>, CheckpointCertified> eventHandler() {
        return newEventHandlerBuilder().forAnyState().onAnyEvent((state, event) -> {
            state.put(event.getCertificate().getHeight(), event.getCertificate());
            return state;
        });
    }
}
