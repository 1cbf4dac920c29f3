package io.canarygate.core.metrics;

import java.time.Duration;
import java.time.Instant;

/**
 * Where objective values come from. Implementations are thread-safe and hold no per-query state; one instance serves
 * every rollout that uses the same source.
 */
public interface MetricSource {

    /**
     * Evaluates {@code query} at {@code time}.
     *
     * @throws BadQueryException the source rejected the query (a configuration error, never a breach)
     * @throws MetricSourceUnavailableException the source could not be reached or kept failing after retries
     */
    QueryResult instant(String query, Instant time);

    /** Evaluates {@code query} over {@code [start, end]} every {@code step}. */
    QueryResult range(String query, Instant start, Instant end, Duration step);

    /** What the source is, for messages and reports, without credentials: {@code prometheus http://…:9090}. */
    String describe();
}
