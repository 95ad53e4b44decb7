package io.yantar.node.chaos;

/** One fault the harness applies to one node for a while, then heals. */
sealed interface Fault {
    int node();

    long durationMillis();

    /** SIGKILL, stay down, start again from the journal. */
    record Kill(int node, long durationMillis) implements Fault {
    }

    /** SIGSTOP, then SIGCONT: the node freezes mid-whatever, peers see it silent, then it wakes with stale timers. */
    record Pause(int node, long durationMillis) implements Fault {
    }
}
