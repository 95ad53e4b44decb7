package io.yantar.node.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Observations counted into fixed cumulative buckets, as Prometheus expects (latencies in
 * seconds, sizes in bytes). The bucket bounds are fixed at registration.
 */
public final class Histogram implements Metric {
    /** Bounds for latencies in seconds, from half a millisecond to ten seconds. */
    public static final double[] LATENCY_SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};

    private final String name;
    private final String help;
    private final double[] upperBounds;
    private final LongAdder[] bucketCounts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    Histogram(String name, String help, double[] upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException(name + " needs at least one bucket bound");
        }
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) {
                throw new IllegalArgumentException(name + " bucket bounds must increase strictly");
            }
        }
        this.name = name;
        this.help = help;
        this.upperBounds = upperBounds.clone();
        this.bucketCounts = new LongAdder[upperBounds.length];
        Arrays.setAll(bucketCounts, i -> new LongAdder());
    }

    public void observe(double value) {
        for (int i = 0; i < upperBounds.length; i++) {
            if (value <= upperBounds[i]) {
                bucketCounts[i].increment();
                break;
            }
        }
        count.increment();
        sum.add(value);
    }

    public void observeNanos(long nanos) {
        observe(nanos / 1e9);
    }

    public long count() {
        return count.sum();
    }

    public double sum() {
        return sum.sum();
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
        return "histogram";
    }

    @Override
    public void writeSamples(StringBuilder out) {
        long cumulative = 0;
        List<String> le = List.of("le");
        for (int i = 0; i < upperBounds.length; i++) {
            cumulative += bucketCounts[i].sum();
            PrometheusTextFormat.sample(out, name + "_bucket", le, List.of(PrometheusTextFormat.number(upperBounds[i])), cumulative);
        }
        long total = count.sum();
        PrometheusTextFormat.sample(out, name + "_bucket", le, List.of("+Inf"), total);
        PrometheusTextFormat.sample(out, name + "_sum", List.of(), List.of(), sum.sum());
        PrometheusTextFormat.sample(out, name + "_count", List.of(), List.of(), total);
    }
}
