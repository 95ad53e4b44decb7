package io.yantar.node.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;

/**
 * The node's metrics: counters, gauges and histograms, written out in the Prometheus text
 * format by {@link PrometheusTextFormat}. Registration is idempotent by name, so a component
 * that starts twice (a test restarting a system) gets the same metric back; registering one
 * name as two different kinds is a programming error.
 */
public final class MetricsRegistry {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final Map<String, Metric> metrics = new ConcurrentHashMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(name, Counter.class, () -> new Counter(name, help, List.of(labelNames)));
    }

    /** A gauge whose value is read from {@code value} at scrape time. */
    public Gauge gauge(String name, String help, DoubleSupplier value) {
        return register(name, Gauge.class, () -> new Gauge(name, help, value));
    }

    /** A counter whose total is read from {@code total} at scrape time; it must never go down. */
    public FunctionCounter functionCounter(String name, String help, DoubleSupplier total) {
        return register(name, FunctionCounter.class, () -> new FunctionCounter(name, help, total));
    }

    public Histogram histogram(String name, String help, double... upperBounds) {
        return register(name, Histogram.class, () -> new Histogram(name, help, upperBounds));
    }

    /** The registered metrics in name order, so the exposition is stable from scrape to scrape. */
    public List<Metric> metrics() {
        List<Metric> sorted = new ArrayList<>(metrics.values());
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        return sorted;
    }

    private <M extends Metric> M register(String name, Class<M> kind, java.util.function.Supplier<M> factory) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a valid Prometheus metric name: " + name);
        }
        Metric metric = metrics.computeIfAbsent(name, ignored -> factory.get());
        if (!kind.isInstance(metric)) {
            throw new IllegalStateException("metric " + name + " is already registered as a " + metric.type());
        }
        return kind.cast(metric);
    }
}
