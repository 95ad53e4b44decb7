package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.ForwardedRequests;
import io.yantar.consensus.replica.ReplicaActor;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Checks the signatures of requests forwarded by peers before the replica sees them, on its
 * own actor: the verdicts land in the {@link CachingPayloadValidator} the replica reads, so the
 * replica's own check is a cache hit. Without it the replica verified every forwarded
 * signature on its single thread, and PRE-PREPAREs, PREPAREs and COMMITs queued behind
 * hundreds of milliseconds of verification per batch: under load blocks took longer than the
 * request timeout and backups started view changes against a primary that was working.
 */
final class ForwardedRequestVerifier {
    /** Requests of one peer's message, with the peer's index. */
    record Verify(int sender, ForwardedRequests requests) {
    }

    private ForwardedRequestVerifier() {
    }

    static Behavior<Verify> create(CachingPayloadValidator validator, AtomicReference<ActorRef<ReplicaActor.Command>> replica) {
        return Behaviors.receive(Verify.class)
                .onMessage(Verify.class, verify -> {
                    for (Bytes payload : verify.requests().payloads()) {
                        validator.validate(byteString(payload));
                    }
                    ActorRef<ReplicaActor.Command> target = replica.get();
                    if (target != null) {
                        target.tell(new ReplicaActor.FromPeer(verify.sender(), verify.requests()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private static ByteString byteString(Bytes payload) {
        return UnsafeByteOperations.unsafeWrap(payload.toArray());
    }
}
