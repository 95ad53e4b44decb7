package io.yantar.node.cluster;

import io.yantar.node.config.PekkoSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.cluster.ClusterEvent.CurrentClusterState;
import org.apache.pekko.cluster.Member;
import org.apache.pekko.cluster.MemberStatus;
import org.apache.pekko.cluster.typed.Cluster;

/** This node's current view of the cluster, by node id (read from each member's {@code node:} role). */
public final class ClusterView {
    private final Cluster cluster;

    public ClusterView(ActorSystem<?> system) {
        this.cluster = Cluster.get(system);
    }

    public boolean selfUp() {
        return cluster.selfMember().status().equals(MemberStatus.up());
    }

    public Snapshot snapshot() {
        CurrentClusterState state = cluster.state();
        Set<Member> unreachable = state.getUnreachable();
        List<String> up = new ArrayList<>();
        List<String> reachable = new ArrayList<>();
        List<String> unreachableIds = new ArrayList<>();
        for (Member member : state.getMembers()) {
            String nodeId = nodeId(member);
            if (member.status().equals(MemberStatus.up())) {
                up.add(nodeId);
            }
            if (member.equals(cluster.selfMember())) {
                continue;
            }
            if (unreachable.contains(member)) {
                unreachableIds.add(nodeId);
            } else {
                reachable.add(nodeId);
            }
        }
        return new Snapshot(up.stream().sorted().toList(), reachable.stream().sorted().toList(), unreachableIds.stream().sorted().toList());
    }

    /** The member's node id, or its address when it carries no {@code node:} role (not a Yantar node). */
    public static String nodeId(Member member) {
        return member.getRoles().stream()
                .filter(role -> role.startsWith(PekkoSettings.NODE_ROLE_PREFIX))
                .map(role -> role.substring(PekkoSettings.NODE_ROLE_PREFIX.length()))
                .findFirst()
                .orElse(member.address().toString());
    }

    /**
     * @param membersUp every member with status Up, this node included
     * @param reachablePeers other members this node's failure detector can reach
     */
    public record Snapshot(List<String> membersUp, List<String> reachablePeers, List<String> unreachablePeers) {
    }
}
