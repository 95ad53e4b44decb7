package io.yantar.node.cluster;

import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.cluster.ClusterEvent;
import org.apache.pekko.cluster.typed.Cluster;
import org.apache.pekko.cluster.typed.SelfRemoved;
import org.apache.pekko.cluster.typed.SelfUp;
import org.apache.pekko.cluster.typed.Subscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Writes one log line per membership event that an operator cares about. */
public final class ClusterEventLogger {
    private static final Logger LOG = LoggerFactory.getLogger("yantar.cluster");

    private ClusterEventLogger() {
    }

    public static Behavior<Object> create(String selfNodeId) {
        return Behaviors.setup(context -> {
            Cluster cluster = Cluster.get(context.getSystem());
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), SelfUp.class));
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), SelfRemoved.class));
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.MemberEvent.class));
            cluster.subscriptions().tell(Subscribe.create(context.getSelf().narrow(), ClusterEvent.ReachabilityEvent.class));
            return Behaviors.receive(Object.class)
                    .onMessage(SelfUp.class, up -> {
                        LOG.info("{} joined the cluster at {}", selfNodeId, cluster.selfMember().address());
                        return Behaviors.same();
                    })
                    .onMessage(SelfRemoved.class, removed -> {
                        LOG.info("{} left the cluster", selfNodeId);
                        return Behaviors.same();
                    })
                    .onMessage(ClusterEvent.MemberUp.class, event -> log("member up", event.member()))
                    .onMessage(ClusterEvent.MemberRemoved.class, event -> log("member removed", event.member()))
                    .onMessage(ClusterEvent.MemberDowned.class, event -> log("member downed", event.member()))
                    .onMessage(ClusterEvent.UnreachableMember.class, event -> log("member unreachable", event.member()))
                    .onMessage(ClusterEvent.ReachableMember.class, event -> log("member reachable again", event.member()))
                    .onAnyMessage(ignored -> Behaviors.same())
                    .build();
        });
    }

    private static Behavior<Object> log(String what, org.apache.pekko.cluster.Member member) {
        LOG.info("{}: {} ({})", what, ClusterView.nodeId(member), member.address());
        return Behaviors.same();
    }
}
