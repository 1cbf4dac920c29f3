package io.canarygate.demo.builtin;

import io.canarygate.demo.MetricSample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Snapshots of counters over a sliding window, per series — the little of a TSDB the built-in evaluator needs. A
 * series is its labels with {@code __name__}, as in Prometheus.
 */
public final class SeriesHistory {
    /** The label holding the metric name. */
    public static final String NAME = "__name__";

    private final Duration retention;
    private final Map<Map<String, String>, Deque<Point>> series = new HashMap<>();

    /** One sample of one series. */
    public record Point(Instant time, double value) {}

    /** A series and the points selected from it. */
    public record Selected(Map<String, String> labels, List<Point> points) {}

    public SeriesHistory(Duration retention) {
        this.retention = retention;
    }

    /** Records one scrape: every sample at {@code time}, with {@code extraLabels} (job, instance) added. */
    public synchronized void record(Instant time, Map<String, String> extraLabels, List<MetricSample> samples) {
        for (MetricSample s : samples) {
            Map<String, String> labels = new TreeMap<>(s.labels());
            labels.putAll(extraLabels);
            labels.put(NAME, s.name());
            Deque<Point> points = series.computeIfAbsent(Map.copyOf(labels), k -> new ArrayDeque<>());
            if (!points.isEmpty() && !time.isAfter(points.peekLast().time())) {
                continue;
            }
            points.addLast(new Point(time, s.value()));
            Instant horizon = time.minus(retention);
            while (!points.isEmpty() && points.peekFirst().time().isBefore(horizon)) {
                points.removeFirst();
            }
        }
    }

    /** Points in {@code [from, to]} of every series whose labels satisfy {@code matchers}; series without any omitted. */
    public synchronized List<Selected> select(List<Expr.Matcher> matchers, Instant from, Instant to) {
        List<Selected> out = new ArrayList<>();
        for (Map.Entry<Map<String, String>, Deque<Point>> e : series.entrySet()) {
            if (!matchers.stream().allMatch(m -> m.matches(e.getKey()))) {
                continue;
            }
            List<Point> points = new ArrayList<>();
            for (Point p : e.getValue()) {
                if (!p.time().isBefore(from) && !p.time().isAfter(to)) {
                    points.add(p);
                }
            }
            if (!points.isEmpty()) {
                out.add(new Selected(e.getKey(), points));
            }
        }
        return out;
    }
}
