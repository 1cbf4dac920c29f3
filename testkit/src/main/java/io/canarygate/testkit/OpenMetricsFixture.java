package io.canarygate.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes an OpenMetrics fixture for {@link PrometheusServer#startWithBackfill}: the same series the
 * {@link MetricsExporter} serves ({@code http_requests_total{version,code}} and the {@code
 * http_request_duration_seconds} histogram), sampled on a fixed time grid, as consecutive segments per version.
 *
 * <pre>{@code
 * OpenMetricsFixture f = new OpenMetricsFixture(T0.minus(Duration.ofMinutes(10)), Duration.ofSeconds(15));
 * f.traffic("canary", Duration.ofMinutes(13), 100, 0.01)   // 100 requests per 15 s, 1% errors
 *  .traffic("canary", Duration.ofMinutes(5), 100, 0.10)    // then 10% errors
 *  .idle("canary", Duration.ofMinutes(5))                   // then flat counters: ratios are 0/0 = NaN
 *  .gap("canary", Duration.ofMinutes(5));                   // then no samples: queries are empty
 * }</pre>
 *
 * <p>The sample at grid time {@code t} carries the requests of {@code (t - step, t]}, so a segment starting at
 * {@code s} affects samples after {@code s}: an instant query at a grid-aligned time whose range lies inside one
 * segment gives that segment's ratio exactly. Counters continue across segments and gaps (no resets).
 */
public final class OpenMetricsFixture {
    private final Instant start;
    private final Duration step;
    private final Map<String, Cursor> versions = new LinkedHashMap<>();

    /**
     * @param start the first grid point; every version's first sample (all counters 0) is here
     * @param step the grid spacing (Prometheus' scrape interval, e.g. 15s)
     */
    public OpenMetricsFixture(Instant start, Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive");
        }
        this.start = start;
        this.step = step;
    }

    /**
     * The next {@code length} of {@code version}: {@code requestsPerStep} requests per grid step, a share {@code
     * errorRatio} of them 500s, all at 50 ms.
     */
    public OpenMetricsFixture traffic(String version, Duration length, double requestsPerStep, double errorRatio) {
        return traffic(version, length, requestsPerStep, errorRatio, 0.05);
    }

    /** As {@link #traffic(String, Duration, double, double)}, every request observed at {@code latencySeconds}. */
    public OpenMetricsFixture traffic(
            String version, Duration length, double requestsPerStep, double errorRatio, double latencySeconds) {
        cursor(version).add(new Segment(steps(length), requestsPerStep, errorRatio, latencySeconds, true));
        return this;
    }

    /** The next {@code length} of {@code version} has samples but no requests: ratios over it are 0/0 = NaN. */
    public OpenMetricsFixture idle(String version, Duration length) {
        cursor(version).add(new Segment(steps(length), 0, 0, 0, true));
        return this;
    }

    /** The next {@code length} of {@code version} has no samples at all: queries over it are empty. */
    public OpenMetricsFixture gap(String version, Duration length) {
        cursor(version).add(new Segment(steps(length), 0, 0, 0, false));
        return this;
    }

    /** Where {@code version}'s segments end so far. */
    public Instant end(String version) {
        return start.plus(step.multipliedBy(cursor(version).steps()));
    }

    /** The fixture as OpenMetrics text, ending with {@code # EOF}. */
    public String toOpenMetrics() {
        StringBuilder b = new StringBuilder();
        b.append("# HELP http_requests Requests served, by version and status code.\n");
        b.append("# TYPE http_requests counter\n");
        versions.forEach((version, cursor) -> {
            List<Point> points = cursor.points();
            for (String code : List.of("200", "500")) {
                for (Point p : points) {
                    double value = code.equals("200") ? p.ok : p.errors;
                    line(b, "http_requests_total", "version=\"" + version + "\",code=\"" + code + "\"", value, p.t);
                }
            }
        });
        b.append("# HELP http_request_duration_seconds Request latency, by version.\n");
        b.append("# TYPE http_request_duration_seconds histogram\n");
        versions.forEach((version, cursor) -> {
            for (Point p : cursor.points()) {
                String labels = "version=\"" + version + "\"";
                for (int i = 0; i < MetricsExporter.BUCKETS.length; i++) {
                    line(
                            b,
                            "http_request_duration_seconds_bucket",
                            labels + ",le=\"" + MetricsExporter.number(MetricsExporter.BUCKETS[i]) + "\"",
                            p.buckets[i],
                            p.t);
                }
                double count = p.ok + p.errors;
                line(b, "http_request_duration_seconds_bucket", labels + ",le=\"+Inf\"", count, p.t);
                line(b, "http_request_duration_seconds_count", labels, count, p.t);
                line(b, "http_request_duration_seconds_sum", labels, p.sum, p.t);
            }
        });
        b.append("# EOF\n");
        return b.toString();
    }

    private static void line(StringBuilder b, String name, String labels, double value, Instant t) {
        b.append(name)
                .append('{')
                .append(labels)
                .append("} ")
                .append(MetricsExporter.number(value))
                .append(' ')
                .append(seconds(t))
                .append('\n');
    }

    private static String seconds(Instant t) {
        return t.getNano() == 0
                ? Long.toString(t.getEpochSecond())
                : java.math.BigDecimal.valueOf(t.getEpochSecond())
                        .add(java.math.BigDecimal.valueOf(t.getNano(), 9))
                        .stripTrailingZeros()
                        .toPlainString();
    }

    private long steps(Duration length) {
        if (length.toNanos() % step.toNanos() != 0) {
            throw new IllegalArgumentException("segment length " + length + " is not a multiple of the step " + step);
        }
        return length.toNanos() / step.toNanos();
    }

    private Cursor cursor(String version) {
        return versions.computeIfAbsent(version, v -> new Cursor());
    }

    private record Segment(long steps, double requests, double errorRatio, double latency, boolean sampled) {}

    private record Point(Instant t, double ok, double errors, double sum, double[] buckets) {}

    private final class Cursor {
        private final List<Segment> segments = new ArrayList<>();

        void add(Segment s) {
            segments.add(s);
        }

        long steps() {
            return segments.stream().mapToLong(Segment::steps).sum();
        }

        List<Point> points() {
            List<Point> out = new ArrayList<>();
            double ok = 0;
            double errors = 0;
            double sum = 0;
            double[] buckets = new double[MetricsExporter.BUCKETS.length];
            out.add(new Point(start, 0, 0, 0, buckets.clone()));
            long n = 0;
            for (Segment s : segments) {
                for (long i = 0; i < s.steps(); i++) {
                    n++;
                    double failed = s.requests() * s.errorRatio();
                    errors += failed;
                    ok += s.requests() - failed;
                    sum += s.requests() * s.latency();
                    for (int k = 0; k < buckets.length; k++) {
                        if (s.latency() <= MetricsExporter.BUCKETS[k]) {
                            buckets[k] += s.requests();
                        }
                    }
                    if (s.sampled()) {
                        out.add(new Point(start.plus(step.multipliedBy(n)), ok, errors, sum, buckets.clone()));
                    }
                }
            }
            return out;
        }
    }
}
