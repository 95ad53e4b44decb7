package io.yantar.node.metrics;

import java.util.function.DoubleSupplier;

/** A total kept elsewhere and read at scrape time (the process's CPU seconds): a gauge's reading, typed as a counter. */
public final class FunctionCounter implements Metric {
    private final Gauge reading;

    FunctionCounter(String name, String help, DoubleSupplier total) {
        this.reading = new Gauge(name, help, total);
    }

    public double value() {
        return reading.value();
    }

    @Override
    public String name() {
        return reading.name();
    }

    @Override
    public String help() {
        return reading.help();
    }

    @Override
    public String type() {
        return "counter";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        reading.writeSamples(out);
    }
}
