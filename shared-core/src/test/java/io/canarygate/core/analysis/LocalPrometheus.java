package io.canarygate.core.analysis;

import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.PrometheusSource;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.testkit.PrometheusServer;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** The metric source the analysis tests judge with: the real {@link PrometheusSource}, no auth, one retry. */
final class LocalPrometheus {
    private LocalPrometheus() {}

    static MetricSource source(PrometheusServer prometheus, Duration timeout) {
        return new PrometheusSource(
                new MetricsSpec.Prometheus(
                        URI.create(prometheus.url().toString()),
                        new MetricsSpec.Auth.None(),
                        Map.of(),
                        MetricsSpec.Tls.DEFAULT,
                        Duration.ofSeconds(5),
                        timeout,
                        1,
                        Duration.ofMillis(100)),
                SecretResolver.of(Map.of()));
    }
}
