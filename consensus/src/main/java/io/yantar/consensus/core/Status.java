package io.yantar.consensus.core;

import java.util.List;

/** Why the replica is or is not committing, for the node's status API. */
public record Status(long view, int primary, boolean viewChanging, long lastCommittedHeight, long stableHeight,
                     int pendingRequests, List<PeerStatus> peers) {

    /** {@code lastView} is the view of the last valid signed message heard from the peer (-1: never heard). */
    public record PeerStatus(int replica, long lastView, long lastHeardMillis, boolean silent) {
    }
}
