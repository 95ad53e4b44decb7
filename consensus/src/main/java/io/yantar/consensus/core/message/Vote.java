package io.yantar.consensus.core.message;

import io.yantar.consensus.core.Bytes;

/** The three normal-case messages: all name (view, height, digest). */
public sealed interface Vote extends ConsensusMessage permits PrePrepare, Prepare, Commit {
    long view();

    long height();

    Bytes digest();
}
