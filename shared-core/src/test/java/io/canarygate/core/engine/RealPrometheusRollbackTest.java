package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.testkit.MetricsExporter;
import io.canarygate.testkit.PrometheusServer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * End to end on wall-clock time: a real Prometheus scrapes the testkit exporter every second; the engine deploys 10% on
 * the mock cluster, judges through the real Prometheus source, and rolls back by itself once the canary's error rate
 * rises mid-analysis.
 */
class RealPrometheusRollbackTest {
    static final String ERRORS = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[5s]))"
            + " / sum(rate(http_requests_total{version=\"canary\"}[5s]))";

    private MetricsExporter exporter;
    private PrometheusServer prometheus;
    private EngineFixture f;

    @BeforeEach
    void start() {
        exporter = MetricsExporter.start();
        prometheus = PrometheusServer.scrape("checkout", Duration.ofSeconds(1), exporter.target());
        f = EngineFixture.start();
        f.metricSources = MetricSources.defaultFactory();
        f.spec = EngineFixture.spec(
                plan(), Map.of("metrics.prometheus.url", prometheus.url().toString()));
        prometheus.awaitResult(ERRORS, Duration.ofSeconds(60));
    }

    static String plan() {
        return """
                objectives:
                  - name: error-rate
                    query: '%s'
                    op: "<"
                    threshold: 0.05
                    consecutive: 2
                steps:
                  - weight: 10
                    analysis: {duration: 60s, interval: 1s}
                """
                .formatted(ERRORS);
    }

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
        if (prometheus != null) {
            prometheus.close();
        }
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void rollsBackWhenTheCanarysErrorRateRisesDuringTheAnalysis() {
        await(f.engine().deploy(f.spec, 10));
        AtomicInteger evaluations = new AtomicInteger();
        RolloutListener raiseErrorsAfterTwoPasses = e -> {
            f.listener.on(e);
            if (e instanceof RolloutEvent.Evaluated && evaluations.incrementAndGet() == 2) {
                exporter.setErrorRatio(MetricsExporter.CANARY, 0.5);
            }
        };
        CanaryEngine engine = new CanaryEngine(new EngineContext(
                f.kube,
                f.real,
                f.metricSources,
                SecretResolver.of(Map.of()),
                EngineFixture.RUN,
                raiseErrorsAfterTwoPasses,
                EngineContext.DEFAULT_LEASE_DURATION));

        WaitResult result = await(engine.waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(result.rolledBack()).isTrue();
        RolloutRecord r = f.record();
        assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(r.weight()).isZero();
        assertThat(replicas(f.canary())).isZero();
        // The 5 s rate window may still mix good and bad scrapes: the value is above the threshold, not always 0.5.
        assertThat(r.lastTransition().orElseThrow().reason())
                .matches("error-rate breached 2 times in a row \\(0\\.\\d+ >= 0\\.05\\)");
        AnalysisRecord window = r.analysis("w10").orElseThrow();
        assertThat(window.verdict()).isEqualTo("FAIL");
        assertThat(window.queries()).containsEntry("error-rate", ERRORS);
        assertThat(window.thresholds()).containsEntry("error-rate", "< 0.05");
        assertThat(window.measurements().get(0).value()).isZero();
        assertThat(window.measurements().get(window.measurements().size() - 1).value())
                .isGreaterThan(0.05)
                .isLessThanOrEqualTo(0.5);
    }
}
