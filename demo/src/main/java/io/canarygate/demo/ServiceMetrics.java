package io.canarygate.demo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The counters one demo service keeps, in the shape instrumented services expose: {@code http_requests_total{code}} and
 * the {@code http_request_duration_seconds} histogram. Synchronized so a snapshot is consistent (buckets, sum and count
 * agree), which a real client library also guarantees per scrape.
 */
final class ServiceMetrics {
    /** Bucket bounds, dense around the demo's thresholds (0.5 s) so {@code histogram_quantile} interpolates well. */
    static final double[] BUCKETS = {
        0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.75, 1, 1.5, 2.5, 5, 10
    };

    static final String REQUESTS = "http_requests_total";
    static final String DURATION = "http_request_duration_seconds";

    private final Map<String, String> labels;
    private long ok;
    private long errors;
    private final long[] bucketCounts = new long[BUCKETS.length + 1];
    private double durationSum;

    ServiceMetrics(Map<String, String> labels) {
        this.labels = Map.copyOf(labels);
    }

    synchronized void observe(int code, double seconds) {
        if (code >= 500) {
            errors++;
        } else {
            ok++;
        }
        int i = 0;
        while (i < BUCKETS.length && seconds > BUCKETS[i]) {
            i++;
        }
        bucketCounts[i]++;
        durationSum += seconds;
    }

    synchronized long requests() {
        return ok + errors;
    }

    synchronized long errors() {
        return errors;
    }

    /** Every sample, in exposition order. */
    synchronized List<MetricSample> snapshot() {
        List<MetricSample> out = new ArrayList<>();
        out.add(new MetricSample(REQUESTS, with("code", "200"), ok));
        out.add(new MetricSample(REQUESTS, with("code", "500"), errors));
        long cumulative = 0;
        for (int i = 0; i < BUCKETS.length; i++) {
            cumulative += bucketCounts[i];
            out.add(new MetricSample(
                    DURATION + "_bucket", with("le", MetricSample.formatValue(BUCKETS[i])), cumulative));
        }
        cumulative += bucketCounts[BUCKETS.length];
        out.add(new MetricSample(DURATION + "_bucket", with("le", "+Inf"), cumulative));
        out.add(new MetricSample(DURATION + "_sum", labels, durationSum));
        out.add(new MetricSample(DURATION + "_count", labels, cumulative));
        return out;
    }

    /** The Prometheus text exposition format (version 0.0.4). */
    String exposition() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP ").append(REQUESTS).append(" Requests served, by response code.\n");
        b.append("# TYPE ").append(REQUESTS).append(" counter\n");
        boolean histogramHeader = false;
        for (MetricSample s : snapshot()) {
            if (!histogramHeader && s.name().startsWith(DURATION)) {
                b.append("# HELP ").append(DURATION).append(" Time to answer a request.\n");
                b.append("# TYPE ").append(DURATION).append(" histogram\n");
                histogramHeader = true;
            }
            b.append(s.exposition()).append('\n');
        }
        return b.toString();
    }

    private Map<String, String> with(String key, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels);
        m.put(key, value);
        return m;
    }
}
