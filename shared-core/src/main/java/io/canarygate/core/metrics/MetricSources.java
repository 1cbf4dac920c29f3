package io.canarygate.core.metrics;

/** The metric sources Canary Gate ships, behind the {@link MetricSourceFactory} faces hand to the engine. */
public final class MetricSources {
    private MetricSources() {}

    /**
     * The factory faces use: a Prometheus-compatible HTTP source per {@code metrics.prometheus} section, built once per
     * distinct section and shared (one connection pool) by every rollout that uses it.
     */
    public static MetricSourceFactory defaultFactory() {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
