package io.canarygate.core.analysis;

import io.canarygate.core.Durations;
import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.MetricSourceUnavailableException;
import io.canarygate.core.metrics.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Measures one objective once and says what the measurement means: the rules of one evaluation, apart from the
 * schedule. Order of the rules: too little evidence makes it inconclusive whatever the value; then no data (empty or
 * NaN) follows the objective's {@code noData} policy; then the value is compared with the threshold (±Inf compares
 * like any number) — or, for an objective with a baseline, the canary's recent samples are compared with the
 * baseline's (Mann–Whitney), and too few samples on either side are inconclusive.
 */
final class Measurer {
    private Measurer() {}

    static Measurement measure(Objective o, MetricSource source, Instant time) {
        Value value = o.baseline().isPresent() ? null : value(o, o.query(), source, time, "query");
        Double evidence = null;
        if (o.minEvidence().isPresent()) {
            Objective.Evidence e = o.minEvidence().get();
            Value counted = value(o, e.query(), source, time, "minEvidence.query");
            double count = counted.number().orElse(0.0);
            evidence = counted.number().orElse(null);
            if (!(count >= e.min())) {
                String reason = (counted.number().isPresent()
                                ? Measurement.format(count) + " requests"
                                : "no requests (" + counted.noData() + ")")
                        + " < " + Measurement.format(e.min()) + " needed";
                return new Measurement(
                        o.name(),
                        time,
                        Measurement.Outcome.INCONCLUSIVE,
                        value == null ? null : value.number().orElse(null),
                        o.op(),
                        o.threshold(),
                        evidence,
                        reason);
            }
        }
        if (o.baseline().isPresent()) {
            return compare(o, o.baseline().get(), source, time, evidence);
        }
        if (value.number().isEmpty()) {
            return noData(o, time, value.noData(), evidence);
        }
        double v = value.number().get();
        boolean holds = o.op().holds(v, o.threshold());
        return new Measurement(
                o.name(),
                time,
                holds ? Measurement.Outcome.PASS : Measurement.Outcome.BREACH,
                v,
                o.op(),
                o.threshold(),
                evidence,
                relation(v, holds ? o.op().symbol() : negated(o.op()), o.threshold()));
    }

    /** What an objective's {@code noData} policy makes of a measurement without a number. */
    private static Measurement noData(Objective o, Instant time, String why, Double evidence) {
        String noData = "no data (" + why + ")";
        Measurement.Outcome outcome =
                switch (o.noData()) {
                    case FAIL -> Measurement.Outcome.BREACH;
                    case PASS -> Measurement.Outcome.PASS;
                    case INCONCLUSIVE -> Measurement.Outcome.INCONCLUSIVE;
                };
        String reason = o.noData() == NoDataPolicy.INCONCLUSIVE
                ? noData
                : noData + ", counted as " + (outcome == Measurement.Outcome.PASS ? "a pass" : "a breach")
                        + " (noData: " + o.noData().id() + ")";
        return new Measurement(o.name(), time, outcome, null, o.op(), o.threshold(), evidence, reason);
    }

    /**
     * The canary's series against the baseline's over the lookback: the Mann–Whitney shift estimate and its interval,
     * as fractions of the baseline's median. A breach needs the whole interval beyond the tolerance on the objective's
     * side ({@code <=}: higher, {@code >=}: lower), so noise alone never rolls back. The measurement's value and
     * threshold are the decisive end of the interval and the signed tolerance, so {@code value op threshold} reads as
     * the verdict does ({@code 0.21 <= 0.1} fails); the reason gives the estimate and the whole interval.
     */
    private static Measurement compare(
            Objective o, Objective.Baseline b, MetricSource source, Instant time, Double evidence) {
        Instant from = time.minus(b.lookback());
        double[] canary = samples(o, o.query(), source, from, time, b.step(), "query");
        double[] baseline = samples(o, b.query(), source, from, time, b.step(), "compare.baseline");
        String lookback = Durations.format(b.lookback());
        if (canary.length == 0 || baseline.length == 0) {
            return noData(
                    o,
                    time,
                    (canary.length == 0 ? "no canary" : "no baseline") + " samples in the last " + lookback,
                    evidence);
        }
        if (canary.length < Objective.Baseline.MIN_SAMPLES || baseline.length < Objective.Baseline.MIN_SAMPLES) {
            return new Measurement(
                    o.name(),
                    time,
                    Measurement.Outcome.INCONCLUSIVE,
                    null,
                    o.op(),
                    o.threshold(),
                    evidence,
                    canary.length + " canary and " + baseline.length + " baseline samples in the last " + lookback
                            + " < " + Objective.Baseline.MIN_SAMPLES + " each needed");
        }
        MannWhitney.Shift shift = MannWhitney.shift(canary, baseline, b.confidence());
        Arrays.sort(baseline);
        double reference = Math.abs(MannWhitney.median(baseline));
        double estimate = relative(shift.estimate(), reference);
        double low = relative(shift.low(), reference);
        double high = relative(shift.high(), reference);
        boolean higherIsWorse = o.op() == Comparison.LE || o.op() == Comparison.LT;
        boolean breach = higherIsWorse ? low > o.threshold() : high < -o.threshold();
        String tolerance = (higherIsWorse ? "+" : "-") + percent(o.threshold());
        String reason = "canary " + signed(estimate) + " vs baseline (" + percent(b.confidence()) + " interval "
                + signed(low) + " to " + signed(high) + ", " + canary.length + "/" + baseline.length + " samples) "
                + (breach ? "beyond " : "within ") + tolerance;
        return new Measurement(
                o.name(),
                time,
                breach ? Measurement.Outcome.BREACH : Measurement.Outcome.PASS,
                higherIsWorse ? low : high,
                o.op(),
                higherIsWorse ? o.threshold() : -o.threshold(),
                evidence,
                reason);
    }

    /** {@code difference} as a fraction of {@code reference}; against a 0 reference any difference is infinite. */
    private static double relative(double difference, double reference) {
        if (difference == 0) {
            return 0;
        }
        return reference == 0 ? Math.copySign(Double.POSITIVE_INFINITY, difference) : difference / reference;
    }

    private static String percent(double fraction) {
        return Measurement.format(fraction * 100) + "%";
    }

    private static String signed(double fraction) {
        return (fraction > 0 ? "+" : "") + percent(fraction);
    }

    /** Every number of the one series {@code query} returns over {@code [from, to]}; NaN samples left out. */
    private static double[] samples(
            Objective o, String query, MetricSource source, Instant from, Instant to, Duration step, String field) {
        QueryResult result;
        try {
            result = source.range(query, from, to, step);
        } catch (BadQueryException e) {
            throw new BadQueryException("objective " + o.name() + " " + field + ": " + e.getMessage());
        } catch (MetricSourceUnavailableException e) {
            throw new MetricSourceUnavailableException(
                    "objective " + o.name() + " " + field + ": " + e.getMessage(), e);
        }
        List<QueryResult.Series> series = result instanceof QueryResult.Matrix m ? m.series() : List.of();
        if (series.size() > 1) {
            throw tooManySeries(o, field, series, "one is", query);
        }
        return series.isEmpty()
                ? new double[0]
                : series.get(0).samples().stream()
                        .mapToDouble(QueryResult.Sample::value)
                        .filter(v -> !Double.isNaN(v))
                        .toArray();
    }

    /** {@code 0.07 > 0.05}, with enough digits that the two sides differ when the numbers do. */
    static String relation(double value, String symbol, double threshold) {
        String a = Measurement.format(value);
        String b = Measurement.format(threshold);
        if (a.equals(b) && value != threshold) {
            a = Double.toString(value);
            b = Double.toString(threshold);
        }
        return a + " " + symbol + " " + b;
    }

    private static String negated(Comparison op) {
        return switch (op) {
            case LT -> ">=";
            case LE -> ">";
            case GT -> "<=";
            case GE -> "<";
        };
    }

    /** One number, or the reason there is none; several series are a configuration error. */
    private static Value value(Objective o, String query, MetricSource source, Instant time, String field) {
        QueryResult result;
        try {
            result = source.instant(query, time);
        } catch (BadQueryException e) {
            throw new BadQueryException("objective " + o.name() + " " + field + ": " + e.getMessage());
        } catch (MetricSourceUnavailableException e) {
            throw new MetricSourceUnavailableException(
                    "objective " + o.name() + " " + field + ": " + e.getMessage(), e);
        }
        if (result instanceof QueryResult.Scalar s) {
            return Value.of(s.sample().value());
        }
        if (result instanceof QueryResult.Vector v) {
            if (v.series().isEmpty()) {
                return new Value(Optional.empty(), "empty result");
            }
            if (v.series().size() > 1) {
                throw tooManySeries(o, field, v.series(), "one number is", query);
            }
            return Value.of(v.series().get(0).samples().get(0).value());
        }
        throw new BadQueryException("objective " + o.name() + " " + field + " returned a range (matrix) result;"
                + " write an instant query that returns one number, e.g. sum(rate(x[5m]))");
    }

    /** Several series where one is needed: a configuration error naming the first two and the fix. */
    private static BadQueryException tooManySeries(
            Objective o, String field, List<QueryResult.Series> series, String needed, String query) {
        return new BadQueryException("objective " + o.name() + " " + field + " returned " + series.size()
                + " series (" + labels(series.get(0).labels()) + ", "
                + labels(series.get(1).labels())
                + (series.size() > 2 ? ", …" : "") + ") where " + needed + " needed; aggregate it, e.g. sum("
                + query + ")");
    }

    private static String labels(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    private record Value(Optional<Double> number, String noData) {
        static Value of(double v) {
            return Double.isNaN(v) ? new Value(Optional.empty(), "NaN") : new Value(Optional.of(v), null);
        }
    }
}
