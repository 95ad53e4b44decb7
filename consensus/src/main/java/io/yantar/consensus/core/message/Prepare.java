package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** Backup -> all, after it accepted (and persisted) the PRE-PREPARE. */
public record Prepare(long epoch, long view, long height, Bytes digest, int replica) implements Vote {
}
