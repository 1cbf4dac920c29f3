package io.canarygate.demo.builtin;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link MetricSource} for the demo when no {@code prometheus} is installed: it evaluates the {@link PromQl} subset
 * over the counter snapshots in a {@link SeriesHistory}, with Prometheus' semantics where they matter for SLIs —
 * {@code rate}/{@code increase} extrapolate to the window like Prometheus does and handle counter resets,
 * {@code histogram_quantile} interpolates within buckets, 0/0 is NaN, a selector that matches nothing is no data.
 * Queries outside the subset are rejected ({@link BadQueryException}), never approximated.
 */
public final class BuiltinEvaluator implements MetricSource {
    /** How far back an instant selector looks for the latest sample, as Prometheus' default lookback delta. */
    static final Duration LOOKBACK = Duration.ofMinutes(5);

    private final SeriesHistory history;
    private final String description;

    public BuiltinEvaluator(SeriesHistory history, String description) {
        this.history = history;
        this.description = description;
    }

    @Override
    public QueryResult instant(String query, Instant time) {
        Value v = eval(PromQl.parse(query), time);
        if (v instanceof Value.Scalar s) {
            return new QueryResult.Scalar(new QueryResult.Sample(time, s.value()));
        }
        List<QueryResult.Series> series = new ArrayList<>();
        for (Element e : ((Value.Vector) v).elements()) {
            series.add(new QueryResult.Series(e.labels(), List.of(new QueryResult.Sample(time, e.value()))));
        }
        return new QueryResult.Vector(series);
    }

    @Override
    public QueryResult range(String query, Instant start, Instant end, Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new BadQueryException("step: " + step + " must be positive");
        }
        Expr expr = PromQl.parse(query);
        Map<Map<String, String>, List<QueryResult.Sample>> bySeries = new LinkedHashMap<>();
        for (Instant t = start; !t.isAfter(end); t = t.plus(step)) {
            Value v = eval(expr, t);
            if (v instanceof Value.Scalar s) {
                bySeries.computeIfAbsent(Map.of(), k -> new ArrayList<>()).add(new QueryResult.Sample(t, s.value()));
            } else {
                for (Element e : ((Value.Vector) v).elements()) {
                    bySeries.computeIfAbsent(e.labels(), k -> new ArrayList<>())
                            .add(new QueryResult.Sample(t, e.value()));
                }
            }
        }
        List<QueryResult.Series> series = new ArrayList<>();
        bySeries.forEach((labels, samples) -> series.add(new QueryResult.Series(labels, samples)));
        return new QueryResult.Matrix(series);
    }

    @Override
    public String describe() {
        return description;
    }

    /** One element of an instant vector. */
    private record Element(Map<String, String> labels, double value) {}

    private sealed interface Value {
        record Scalar(double value) implements Value {}

        record Vector(List<Element> elements) implements Value {}
    }

    private Value eval(Expr expr, Instant t) {
        if (expr instanceof Expr.Number n) {
            return new Value.Scalar(n.value());
        }
        if (expr instanceof Expr.Selector s) {
            List<Element> out = new ArrayList<>();
            for (SeriesHistory.Selected sel : history.select(s.matchers(), t.minus(LOOKBACK), t)) {
                SeriesHistory.Point last = sel.points().get(sel.points().size() - 1);
                out.add(new Element(sel.labels(), last.value()));
            }
            return new Value.Vector(out);
        }
        if (expr instanceof Expr.CounterFunction f) {
            Duration range = f.selector().range().orElseThrow();
            Instant from = t.minus(range);
            List<Element> out = new ArrayList<>();
            for (SeriesHistory.Selected sel : history.select(f.selector().matchers(), from, t)) {
                Double v = extrapolatedDelta(sel.points(), from, t, f.function().equals("rate"), range);
                if (v != null) {
                    out.add(new Element(withoutName(sel.labels()), v));
                }
            }
            return new Value.Vector(out);
        }
        if (expr instanceof Expr.Aggregate a) {
            return aggregate(a, vector(eval(a.inner(), t), a.op()));
        }
        if (expr instanceof Expr.HistogramQuantile h) {
            return histogramQuantile(h.quantile(), vector(eval(h.buckets(), t), "histogram_quantile"));
        }
        Expr.Binary b = (Expr.Binary) expr;
        return binary(b.op(), eval(b.left(), t), eval(b.right(), t));
    }

    private static List<Element> vector(Value v, String where) {
        if (v instanceof Value.Vector vec) {
            return vec.elements();
        }
        throw new BadQueryException(
                "built-in evaluator: " + where + "() needs an instant vector, not a number; " + PromQl.SUPPORTED);
    }

    /**
     * Prometheus' {@code extrapolatedRate}: the increase between the first and last sample in the window (adding back
     * counter resets), extrapolated towards the window's edges by at most half a scrape interval — or to where the
     * counter would have been zero — and divided by the window for {@code rate}.
     */
    static Double extrapolatedDelta(
            List<SeriesHistory.Point> points, Instant rangeStart, Instant rangeEnd, boolean isRate, Duration range) {
        if (points.size() < 2) {
            return null;
        }
        SeriesHistory.Point first = points.get(0);
        SeriesHistory.Point last = points.get(points.size() - 1);
        double result = last.value() - first.value();
        double previous = first.value();
        for (SeriesHistory.Point p : points) {
            if (p.value() < previous) {
                result += previous;
            }
            previous = p.value();
        }
        double durationToStart = seconds(first.time()) - seconds(rangeStart);
        double durationToEnd = seconds(rangeEnd) - seconds(last.time());
        double sampled = seconds(last.time()) - seconds(first.time());
        double averageBetween = sampled / (points.size() - 1);
        if (result > 0 && first.value() >= 0) {
            double durationToZero = sampled * (first.value() / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        double threshold = averageBetween * 1.1;
        double interval = sampled;
        interval += durationToStart < threshold ? durationToStart : averageBetween / 2;
        interval += durationToEnd < threshold ? durationToEnd : averageBetween / 2;
        result = result * (interval / sampled);
        if (isRate) {
            result = result / (range.toNanos() / 1e9);
        }
        return result;
    }

    private static double seconds(Instant t) {
        return t.getEpochSecond() + t.getNano() / 1e9;
    }

    private static Value aggregate(Expr.Aggregate a, List<Element> in) {
        Map<Map<String, String>, List<Double>> groups = new LinkedHashMap<>();
        for (Element e : in) {
            Map<String, String> key = new TreeMap<>();
            for (Map.Entry<String, String> l : e.labels().entrySet()) {
                boolean named = a.grouping().contains(l.getKey());
                if (!l.getKey().equals(SeriesHistory.NAME) && (a.without() ? !named : named)) {
                    key.put(l.getKey(), l.getValue());
                }
            }
            groups.computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>()).add(e.value());
        }
        List<Element> out = new ArrayList<>();
        groups.forEach((labels, values) -> {
            double v =
                    switch (a.op()) {
                        case "sum" ->
                            values.stream().mapToDouble(Double::doubleValue).sum();
                        case "min" ->
                            values.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .min()
                                    .orElse(Double.NaN);
                        case "max" ->
                            values.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .max()
                                    .orElse(Double.NaN);
                        case "avg" ->
                            values.stream()
                                    .mapToDouble(Double::doubleValue)
                                    .average()
                                    .orElse(Double.NaN);
                        case "count" -> values.size();
                        default -> throw new IllegalStateException(a.op());
                    };
            out.add(new Element(labels, v));
        });
        return new Value.Vector(out);
    }

    private record Bucket(double upperBound, double count) {}

    /** Prometheus' {@code bucketQuantile}: linear interpolation inside the bucket that holds the rank. */
    private static Value histogramQuantile(double q, List<Element> in) {
        Map<Map<String, String>, List<Bucket>> groups = new LinkedHashMap<>();
        for (Element e : in) {
            String le = e.labels().get("le");
            if (le == null) {
                continue;
            }
            double bound;
            try {
                bound = le.equals("+Inf") || le.equals("Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
            } catch (NumberFormatException ex) {
                continue;
            }
            Map<String, String> key = new HashMap<>(e.labels());
            key.remove("le");
            key.remove(SeriesHistory.NAME);
            groups.computeIfAbsent(Map.copyOf(key), k -> new ArrayList<>()).add(new Bucket(bound, e.value()));
        }
        List<Element> out = new ArrayList<>();
        groups.forEach((labels, buckets) -> out.add(new Element(labels, bucketQuantile(q, buckets))));
        return new Value.Vector(out);
    }

    static double bucketQuantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> buckets = new ArrayList<>(unsorted);
        buckets.sort(Comparator.comparingDouble(Bucket::upperBound));
        if (buckets.size() < 2
                || !Double.isInfinite(buckets.get(buckets.size() - 1).upperBound())) {
            return Double.NaN;
        }
        // Rates of cumulative buckets can be slightly non-monotonic (scrape skew); Prometheus evens them out.
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < buckets.size(); i++) {
            Bucket b = buckets.get(i);
            max = Math.max(max, b.count());
            buckets.set(i, new Bucket(b.upperBound(), max));
        }
        double observations = buckets.get(buckets.size() - 1).count();
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = 0;
        while (b < buckets.size() - 1 && buckets.get(b).count() < rank) {
            b++;
        }
        if (b == buckets.size() - 1) {
            return buckets.get(buckets.size() - 2).upperBound();
        }
        if (b == 0 && buckets.get(0).upperBound() <= 0) {
            return buckets.get(0).upperBound();
        }
        double bucketStart = 0;
        double bucketEnd = buckets.get(b).upperBound();
        double count = buckets.get(b).count();
        if (b > 0) {
            bucketStart = buckets.get(b - 1).upperBound();
            count -= buckets.get(b - 1).count();
            rank -= buckets.get(b - 1).count();
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    private static Value binary(char op, Value left, Value right) {
        if (left instanceof Value.Scalar l && right instanceof Value.Scalar r) {
            return new Value.Scalar(apply(op, l.value(), r.value()));
        }
        if (left instanceof Value.Vector l && right instanceof Value.Scalar r) {
            List<Element> out = new ArrayList<>();
            for (Element e : l.elements()) {
                out.add(new Element(withoutName(e.labels()), apply(op, e.value(), r.value())));
            }
            return new Value.Vector(out);
        }
        if (left instanceof Value.Scalar l && right instanceof Value.Vector r) {
            List<Element> out = new ArrayList<>();
            for (Element e : r.elements()) {
                out.add(new Element(withoutName(e.labels()), apply(op, l.value(), e.value())));
            }
            return new Value.Vector(out);
        }
        // Vector with vector: one-to-one on identical label sets (without __name__), as PromQL's default matching.
        Map<Map<String, String>, Double> rights = new HashMap<>();
        for (Element e : ((Value.Vector) right).elements()) {
            rights.put(withoutName(e.labels()), e.value());
        }
        List<Element> out = new ArrayList<>();
        for (Element e : ((Value.Vector) left).elements()) {
            Map<String, String> key = withoutName(e.labels());
            Double r = rights.get(key);
            if (r != null) {
                out.add(new Element(key, apply(op, e.value(), r)));
            }
        }
        return new Value.Vector(out);
    }

    private static double apply(char op, double a, double b) {
        return switch (op) {
            case '+' -> a + b;
            case '-' -> a - b;
            case '*' -> a * b;
            case '/' -> a / b;
            default -> throw new IllegalStateException(String.valueOf(op));
        };
    }

    private static Map<String, String> withoutName(Map<String, String> labels) {
        if (!labels.containsKey(SeriesHistory.NAME)) {
            return labels;
        }
        Map<String, String> m = new HashMap<>(labels);
        m.remove(SeriesHistory.NAME);
        return Map.copyOf(m);
    }
}
