package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** Primary -> backups: in {@code view}, {@code height} carries the proposal with {@code digest}. */
public record PrePrepare(long epoch, long view, long height, Bytes digest, int replica) implements Vote {
}
