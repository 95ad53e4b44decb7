package io.yantar.node.metrics;

import java.util.List;
import java.util.function.DoubleSupplier;

/** A value read at scrape time (cluster members up, committed height). */
public final class Gauge implements Metric {
    private final String name;
    private final String help;
    private final DoubleSupplier value;

    Gauge(String name, String help, DoubleSupplier value) {
        this.name = name;
        this.help = help;
        this.value = value;
    }

    public double value() {
        return value.getAsDouble();
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
        return "gauge";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        PrometheusTextFormat.sample(out, name, List.of(), List.of(), value());
    }
}
