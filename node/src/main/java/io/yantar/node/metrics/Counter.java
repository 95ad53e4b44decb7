package io.yantar.node.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * A monotonically increasing count, optionally split by labels (for example rejected
 * transactions by reason). Label values are supplied in the order of the label names.
 */
public final class Counter implements Metric {
    private final String name;
    private final String help;
    private final List<String> labelNames;
    private final Map<List<String>, LongAdder> children = new ConcurrentHashMap<>();

    Counter(String name, String help, List<String> labelNames) {
        this.name = name;
        this.help = help;
        this.labelNames = List.copyOf(labelNames);
    }

    public void increment(String... labelValues) {
        add(1, labelValues);
    }

    public void add(long amount, String... labelValues) {
        if (amount < 0) {
            throw new IllegalArgumentException("a counter only goes up; got " + amount);
        }
        child(labelValues).add(amount);
    }

    public long value(String... labelValues) {
        LongAdder adder = children.get(List.of(labelValues));
        return adder == null ? 0 : adder.sum();
    }

    private LongAdder child(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException(name + " takes labels " + labelNames + ", got " + labelValues.length + " values");
        }
        return children.computeIfAbsent(List.of(labelValues), ignored -> new LongAdder());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        if (labelNames.isEmpty()) {
            PrometheusTextFormat.sample(out, name, List.of(), List.of(), value());
            return;
        }
        Map<String, List<String>> ordered = new TreeMap<>();
        children.keySet().forEach(values -> ordered.put(String.join("\u0000", values), values));
        for (List<String> values : ordered.values()) {
            PrometheusTextFormat.sample(out, name, labelNames, values, children.get(values).sum());
        }
    }
}
