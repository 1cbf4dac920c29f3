package io.canarygate.core.metrics;

import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretResolver;

/** Builds (and may cache) the {@link MetricSource} for a rollout's {@code metrics} section. */
@FunctionalInterface
public interface MetricSourceFactory {
    MetricSource create(MetricsSpec spec, SecretResolver secrets);
}
