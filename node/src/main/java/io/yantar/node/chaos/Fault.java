package io.yantar.node.chaos;

/** One fault the harness applies to one node for a while, then heals. */
sealed interface Fault {
    int node();

    long durationMillis();

    /** A short name for progress lines and the report. */
    String describe();

    /** SIGKILL, stay down, start again from the journal. */
    record Kill(int node, long durationMillis) implements Fault {
        @Override
        public String describe() {
            return "kill-9 node-" + node + " " + durationMillis + "ms";
        }
    }

    /** SIGSTOP, then SIGCONT: the node freezes mid-whatever, peers see it silent, then it wakes with stale timers. */
    record Pause(int node, long durationMillis) implements Fault {
        @Override
        public String describe() {
            return "pause node-" + node + " " + durationMillis + "ms";
        }
    }

    /** The node's namespace drops every packet from and to the other nodes (iptables), then the rules are flushed. */
    record Partition(int node, long durationMillis) implements Fault {
        @Override
        public String describe() {
            return "partition node-" + node + " from the others " + durationMillis + "ms";
        }
    }

    /** The node's namespace drops each packet from or to the others with a probability (iptables statistic). */
    record Lossy(int node, long durationMillis, double probability) implements Fault {
        @Override
        public String describe() {
            return "lossy node-" + node + " " + Math.round(probability * 100) + "% " + durationMillis + "ms";
        }
    }

    /** The node's namespace answers every TCP segment from the others with a reset (connections torn down, redialled). */
    record Resets(int node, long durationMillis) implements Fault {
        @Override
        public String describe() {
            return "tcp-resets node-" + node + " " + durationMillis + "ms";
        }
    }

    /**
     * A twin of validator {@code twinOf} (same key, own journal) starts beside {@code node}, and
     * the two are partitioned from the rest: the twin's votes reach only the minority side.
     */
    record Twin(int node, long durationMillis, int twinOf) implements Fault {
        @Override
        public String describe() {
            return "twin of node-" + twinOf + " with node-" + node + " behind a partition " + durationMillis + "ms";
        }
    }
}
