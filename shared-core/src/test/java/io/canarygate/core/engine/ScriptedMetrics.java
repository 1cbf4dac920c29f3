package io.canarygate.core.engine;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.metrics.MetricSourceUnavailableException;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretResolver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * An in-memory metric source for engine tests, and the factory that hands it to the engine. Each query answers what
 * the test set for it, as a function of the evaluation time (so a script can say "errors rise 2 minutes in"); an
 * unknown query or a {@code null} value is an empty result (no data). {@link #down()} makes every query fail as if
 * Prometheus were unreachable; {@link #reject(String)} makes one query a bad query.
 */
final class ScriptedMetrics implements MetricSource, MetricSourceFactory {
    private final Map<String, Function<Instant, Double>> scripts = new ConcurrentHashMap<>();
    private final Set<String> rejected = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile boolean down;

    /** {@code query} answers {@code value} from now on ({@code null}: no data). */
    ScriptedMetrics set(String query, Double value) {
        return script(query, t -> value);
    }

    /** {@code query} answers {@code script(evaluation time)}. */
    ScriptedMetrics script(String query, Function<Instant, Double> script) {
        scripts.put(query, script);
        return this;
    }

    /** {@code before} until {@code at}, {@code after} from then on. */
    ScriptedMetrics step(String query, Double before, Instant at, Double after) {
        return script(query, t -> t.isBefore(at) ? before : after);
    }

    ScriptedMetrics reject(String query) {
        rejected.add(query);
        return this;
    }

    ScriptedMetrics down() {
        down = true;
        return this;
    }

    ScriptedMetrics up() {
        down = false;
        return this;
    }

    int calls() {
        return calls.get();
    }

    @Override
    public MetricSource create(MetricsSpec spec, SecretResolver secrets) {
        return this;
    }

    @Override
    public QueryResult instant(String query, Instant time) {
        calls.incrementAndGet();
        if (down) {
            throw new MetricSourceUnavailableException(
                    "prometheus http://127.0.0.1:1 could not be reached: connection refused (after 3 retries)", null);
        }
        if (rejected.contains(query)) {
            throw new BadQueryException("invalid parameter \"query\": 1:17: parse error: unclosed left parenthesis");
        }
        Function<Instant, Double> script = scripts.get(query);
        Double value = script == null ? null : script.apply(time);
        if (value == null) {
            return new QueryResult.Vector(List.of());
        }
        return new QueryResult.Vector(
                List.of(new QueryResult.Series(Map.of(), List.of(new QueryResult.Sample(time, value)))));
    }

    @Override
    public QueryResult range(String query, Instant start, Instant end, Duration step) {
        throw new UnsupportedOperationException("engine tests query instants only");
    }

    @Override
    public String describe() {
        return "scripted";
    }
}
