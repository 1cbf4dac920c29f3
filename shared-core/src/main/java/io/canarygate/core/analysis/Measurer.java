package io.canarygate.core.analysis;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.MetricSourceUnavailableException;
import io.canarygate.core.metrics.QueryResult;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Measures one objective once and says what the measurement means: the rules of one evaluation, apart from the
 * schedule. Order of the rules: too little evidence makes it inconclusive whatever the value; then no data (empty or
 * NaN) follows the objective's {@code noData} policy; then the value is compared with the threshold (±Inf compares
 * like any number).
 */
final class Measurer {
    private Measurer() {}

    static Measurement measure(Objective o, MetricSource source, Instant time) {
        Value value = value(o, o.query(), source, time, "query");
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
                        value.number().orElse(null),
                        o.op(),
                        o.threshold(),
                        evidence,
                        reason);
            }
        }
        if (value.number().isEmpty()) {
            String noData = "no data (" + value.noData() + ")";
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
                throw new BadQueryException("objective " + o.name() + " " + field + " returned "
                        + v.series().size() + " series ("
                        + labels(v.series().get(0).labels()) + ", "
                        + labels(v.series().get(1).labels()) + (v.series().size() > 2 ? ", …" : "")
                        + ") where one number is needed; aggregate it, e.g. sum(" + query + ")");
            }
            return Value.of(v.series().get(0).samples().get(0).value());
        }
        throw new BadQueryException("objective " + o.name() + " " + field + " returned a range (matrix) result;"
                + " write an instant query that returns one number, e.g. sum(rate(x[5m]))");
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
