package io.yantar.consensus.core;

/**
 * The replica is behind a checkpoint the others made stable: fetch blocks up to {@code height}
 * (checking them against {@code certificate}), then report {@link Input.StateTransferred}.
 */
public record StateFetch(long fromHeight, long height, Bytes stateDigest, CheckpointCertificate certificate) {
}
