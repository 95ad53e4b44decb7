package io.yantar.consensus.core;

/**
 * Deliberate protocol bugs, switched on only by tests that prove the simulator's checkers catch
 * them. Production configuration always uses {@link #NONE}.
 */
public enum ProtocolMutation {
    NONE,
    /** Prepared and committed need 2f matching votes instead of 2f + 1. */
    QUORUM_TWO_F,
    /** VIEW-CHANGE messages carry no prepared certificates, so NEW-VIEW forgets prepared batches. */
    SKIP_PREPARED_CARRY_OVER
}
