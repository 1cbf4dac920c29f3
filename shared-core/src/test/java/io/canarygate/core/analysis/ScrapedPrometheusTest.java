package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.PrometheusSource;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.testkit.MetricsExporter;
import io.canarygate.testkit.PrometheusServer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Wall-clock end to end: a real Prometheus scraping the {@link MetricsExporter} every second, queried by the real
 * {@link PrometheusSource}, judged on the {@link SystemScheduler}. Ratios are exact because the exporter advances by a
 * fixed step per scrape; only the time it takes a fault to show depends on scrape timing.
 */
class ScrapedPrometheusTest {
    private static final String CANARY_ERRORS = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[5s]))"
            + " / sum(rate(http_requests_total{version=\"canary\"}[5s]))";

    private static MetricsExporter exporter;
    private static PrometheusServer prometheus;
    private static MetricSource source;

    @BeforeAll
    static void start() {
        exporter = MetricsExporter.start();
        exporter.setErrorRatio(MetricsExporter.CANARY, 0.02);
        prometheus = PrometheusServer.scrape("checkout", Duration.ofSeconds(1), exporter.target());
        prometheus.awaitUp("checkout", Duration.ofSeconds(60));
        prometheus.awaitResult(CANARY_ERRORS, Duration.ofSeconds(60));
        source = LocalPrometheus.source(prometheus, Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    private static double value(String query) {
        QueryResult r = source.instant(query, Instant.now());
        return ((QueryResult.Vector) r).series().get(0).samples().get(0).value();
    }

    @Test
    void rollsBackOnceAnInjectedErrorSpikeReachesPrometheus() throws Exception {
        assertThat(value(CANARY_ERRORS)).isCloseTo(0.02, within(1e-9));
        assertThat(value("histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket"
                        + "{version=\"canary\"}[5s])))"))
                .isCloseTo(0.095, within(1e-9));

        exporter.setErrorRatio(MetricsExporter.CANARY, 0.5);
        prometheus.awaitResult(CANARY_ERRORS + " == 0.5", Duration.ofSeconds(30));

        Objective errorRate = new Objective(
                "error-rate",
                CANARY_ERRORS,
                Comparison.LT,
                0.05,
                2,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
        try (SystemScheduler scheduler = new SystemScheduler(1)) {
            AnalysisRun run = AnalysisRunner.start(
                    List.of(errorRate),
                    AnalysisState.start(
                            scheduler.now(), Duration.ofSeconds(30), Duration.ofSeconds(1), List.of(errorRate)),
                    source,
                    scheduler,
                    e -> {});
            AnalysisOutcome outcome = run.result().get(20, TimeUnit.SECONDS);

            assertThat(outcome.verdict().reason()).isEqualTo("error-rate breached 2 times in a row (0.5 >= 0.05)");
            assertThat(outcome.state().evaluations()).isEqualTo(2);
        }
    }
}
