package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;
import java.util.List;

/** Client request payloads passed on by the replica that received them, so every backup can watch the primary. */
public record ForwardedRequests(List<Bytes> payloads) implements PeerMessage {
    public ForwardedRequests {
        payloads = List.copyOf(payloads);
    }
}
