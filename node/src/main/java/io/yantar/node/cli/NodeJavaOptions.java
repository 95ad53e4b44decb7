package io.yantar.node.cli;

import java.util.List;

/** The JVM options {@code yantar up} starts each node with unless the operator gives {@code --java-opt} (docs/OPERATIONS.md). */
public final class NodeJavaOptions {
    /**
     * Half the heap young, because payments in flight outlive several collections of a smaller
     * young generation. MetaspaceSize: the JVM's first threshold (about 21 MB) is crossed minutes
     * into a run as the JIT's profiles grow, and crossing it costs a full collection (0.6-2.3 s on
     * a shared machine, docs/BENCHMARKS.md runs AL); it is not a limit. Tier4*: four times the
     * calls and loop iterations before the optimising compiler (C2) takes a method. Four nodes
     * starting on two cores spent about a third of their start-up CPU in C2 on code that runs
     * only while starting (configuration, keystores, handshakes); what runs per payment passes
     * the higher thresholds within seconds (docs/BENCHMARKS.md, runs AN).
     */
    public static final List<String> DEFAULTS = List.of("-Xmx512m", "-Xmn256m", "-XX:+UseParallelGC", "-XX:MetaspaceSize=64m",
            "-XX:Tier4InvocationThreshold=20000", "-XX:Tier4MinInvocationThreshold=2400", "-XX:Tier4CompileThreshold=60000",
            "-XX:Tier4BackEdgeThreshold=160000");

    private NodeJavaOptions() {
    }
}
