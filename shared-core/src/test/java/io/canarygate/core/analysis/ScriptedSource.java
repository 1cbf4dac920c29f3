package io.canarygate.core.analysis;

import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.QueryResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * An in-memory metric source whose answers a test writes down: per query, one answer per call in order (the last one
 * repeats). {@code null} is an empty result; {@code Double.NaN} is Prometheus' NaN. Records every call.
 */
final class ScriptedSource implements MetricSource {
    record Call(String query, Instant time) {}

    private final Map<String, Function<Integer, QueryResult>> scripts = new HashMap<>();
    private final Map<String, Integer> calls = new HashMap<>();
    final List<Call> log = new ArrayList<>();

    /** Answers {@code query} with these values, one per call; the last repeats. */
    ScriptedSource values(String query, Double... values) {
        scripts.put(query, n -> single(values[Math.min(n, values.length - 1)]));
        return this;
    }

    /** Answers {@code query} with whatever {@code answer} gives for the call number (0-based). */
    ScriptedSource answer(String query, Function<Integer, QueryResult> answer) {
        scripts.put(query, answer);
        return this;
    }

    static QueryResult single(Double value) {
        if (value == null) {
            return new QueryResult.Vector(List.of());
        }
        return new QueryResult.Vector(
                List.of(new QueryResult.Series(Map.of(), List.of(new QueryResult.Sample(Instant.EPOCH, value)))));
    }

    @Override
    public synchronized QueryResult instant(String query, Instant time) {
        log.add(new Call(query, time));
        Function<Integer, QueryResult> script = scripts.get(query);
        if (script == null) {
            throw new AssertionError("unexpected query " + query);
        }
        int n = calls.merge(query, 1, Integer::sum) - 1;
        return script.apply(n);
    }

    @Override
    public QueryResult range(String query, Instant start, Instant end, Duration step) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String describe() {
        return "scripted";
    }

    synchronized List<Instant> times(String query) {
        return log.stream().filter(c -> c.query().equals(query)).map(Call::time).toList();
    }
}
