package io.yantar.consensus.core;

import io.yantar.consensus.core.message.PeerMessage;

/** A message to one replica, or to every other replica when {@code to == ALL}. */
public record Outbound(int to, PeerMessage message) {
    public static final int ALL = -1;

    public static Outbound toAll(PeerMessage message) {
        return new Outbound(ALL, message);
    }

    public boolean broadcast() {
        return to == ALL;
    }
}
