package io.canarygate.demo;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One sample a demo service exposes on {@code /metrics}: what Prometheus would scrape, and what the built-in evaluator
 * snapshots.
 *
 * @param name metric name, e.g. {@code http_requests_total}
 * @param labels labels without {@code __name__}, in exposition order
 * @param value the sample value
 */
public record MetricSample(String name, Map<String, String> labels, double value) {
    public MetricSample {
        labels = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(labels));
    }

    /** {@code name{a="1",b="2"} value}, one line of the text exposition format. */
    public String exposition() {
        StringBuilder b = new StringBuilder(name);
        if (!labels.isEmpty()) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<String, String> e : labels.entrySet()) {
                if (!first) {
                    b.append(',');
                }
                first = false;
                b.append(e.getKey()).append("=\"").append(escape(e.getValue())).append('"');
            }
            b.append('}');
        }
        return b.append(' ').append(formatValue(value)).toString();
    }

    static String formatValue(double v) {
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
