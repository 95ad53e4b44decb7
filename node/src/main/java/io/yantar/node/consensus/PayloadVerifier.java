package io.yantar.node.consensus;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.yantar.consensus.core.Bytes;
import io.yantar.consensus.core.message.PeerMessage;
import io.yantar.consensus.replica.ReplicaActor;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

/**
 * Checks the signatures of the payments a peer's message carries before the replica sees it,
 * on its own actor: the verdicts land in the {@link CachingPayloadValidator} the replica reads,
 * so the replica's own check is a cache hit. Without it the replica verified those signatures
 * on its single thread, and PRE-PREPAREs, PREPAREs and COMMITs queued behind hundreds of
 * milliseconds of verification per message: under load blocks took longer than the request
 * timeout and backups started view changes against a primary that was working.
 *
 * <p>The node runs two: one for forwarded requests and one for proposals. A proposal often
 * arrives before the forwarded copies of its payments were verified (in a JFR profile of the
 * closed loop 28 % of the signature checks ran on the replica's thread, from PRE-PREPAREs);
 * behind the forwarded requests' queue it would wait for all of them.
 */
final class PayloadVerifier {
    /** A peer's message (with the peer's index) and the payments in it. */
    record Verify(int sender, PeerMessage message, List<Bytes> payloads) {
    }

    private PayloadVerifier() {
    }

    /**
     * @param executed whether a payload names a payment already executed: the replica refuses such
     *                 a copy without checking it, so checking it here would be wasted
     */
    static Behavior<Verify> create(CachingPayloadValidator validator, Predicate<Bytes> executed,
                                   AtomicReference<ActorRef<ReplicaActor.Command>> replica) {
        return Behaviors.receive(Verify.class)
                .onMessage(Verify.class, verify -> {
                    for (Bytes payload : verify.payloads()) {
                        if (!executed.test(payload)) {
                            validator.validate(byteString(payload));
                        }
                    }
                    ActorRef<ReplicaActor.Command> target = replica.get();
                    if (target != null) {
                        target.tell(new ReplicaActor.FromPeer(verify.sender(), verify.message()));
                    }
                    return Behaviors.same();
                })
                .build();
    }

    private static ByteString byteString(Bytes payload) {
        return UnsafeByteOperations.unsafeWrap(payload.toArray());
    }
}
