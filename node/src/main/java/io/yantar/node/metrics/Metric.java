package io.yantar.node.metrics;

/** One named metric family of the registry. */
public sealed interface Metric permits Counter, FunctionCounter, Gauge, Histogram {
    String name();

    String help();

    /** The Prometheus type name: {@code counter}, {@code gauge} or {@code histogram}. */
    String type();

    /** Appends this family's sample lines (without HELP and TYPE) in the text format. */
    void writeSamples(StringBuilder out);
}
