package io.yantar.node.metrics;

import java.util.List;

/** Writes a registry in the Prometheus text exposition format, version 0.0.4. */
public final class PrometheusTextFormat {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusTextFormat() {
    }

    public static String write(MetricsRegistry registry) {
        StringBuilder out = new StringBuilder(4096);
        for (Metric metric : registry.metrics()) {
            out.append("# HELP ").append(metric.name()).append(' ').append(escapeHelp(metric.help())).append('\n');
            out.append("# TYPE ").append(metric.name()).append(' ').append(metric.type()).append('\n');
            metric.writeSamples(out);
        }
        return out.toString();
    }

    static void sample(StringBuilder out, String name, List<String> labelNames, List<String> labelValues, double value) {
        out.append(name);
        if (!labelNames.isEmpty()) {
            out.append('{');
            for (int i = 0; i < labelNames.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(labelNames.get(i)).append("=\"").append(escapeLabel(labelValues.get(i))).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return java.math.BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
