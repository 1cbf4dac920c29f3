package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.PrometheusSource;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.testkit.OpenMetricsFixture;
import io.canarygate.testkit.PrometheusServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The judge against a real Prometheus serving a backfilled fixture: every scenario is a {@code version} label over the
 * same past window, judged by the real {@link PrometheusSource} on a virtual clock that starts at the window, so every
 * evaluation queries an exact, grid-aligned past time and every verdict is exact.
 */
class RealPrometheusJudgingTest {
    /** The analysis window: 10 minutes from T0, one evaluation a minute. History starts 10 minutes earlier. */
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final Duration M1 = Duration.ofMinutes(1);

    private static PrometheusServer prometheus;
    private static MetricSource source;

    @BeforeAll
    static void backfill() {
        OpenMetricsFixture f = new OpenMetricsFixture(T0.minus(Duration.ofMinutes(10)), STEP);
        f.traffic("pass", Duration.ofMinutes(20), 100, 0.01);
        // Good until T0+3m, then 10% errors.
        f.traffic("consecutive", Duration.ofMinutes(13), 100, 0.01)
                .traffic("consecutive", Duration.ofMinutes(7), 100, 0.1);
        // Bad minutes (1m,2m], (3m,4m], (5m,6m]: never two in a row.
        f.traffic("total", Duration.ofMinutes(11), 100, 0.01);
        for (int i = 0; i < 3; i++) {
            f.traffic("total", M1, 100, 0.1).traffic("total", M1, 100, 0.01);
        }
        f.traffic("total", Duration.ofMinutes(3), 100, 0.01);
        // Traffic stops at T0: no samples at all afterwards.
        f.traffic("silent", Duration.ofMinutes(10), 100, 0.01).gap("silent", Duration.ofMinutes(10));
        // Samples go on but counters stay flat from T0: 0/0.
        f.traffic("idle", Duration.ofMinutes(10), 100, 0.01).idle("idle", Duration.ofMinutes(10));
        // One request per 15 s: 20 per 5 minutes.
        f.traffic("trickle", Duration.ofMinutes(20), 1, 0);
        prometheus = PrometheusServer.startWithBackfill(f.toOpenMetrics());
        source = LocalPrometheus.source(prometheus, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static String errorRatio(String version) {
        return "(sum(rate(http_requests_total{version=\"" + version + "\",code=\"500\"}[1m])) or vector(0))"
                + " / sum(rate(http_requests_total{version=\"" + version + "\"}[1m]))";
    }

    private static Objective errorRate(String version, int consecutive, Integer total, Objective.Evidence evidence) {
        return new Objective(
                "error-rate",
                errorRatio(version),
                Comparison.LT,
                0.05,
                consecutive,
                Optional.ofNullable(total),
                Optional.ofNullable(evidence),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
    }

    private final List<Evaluation> evaluations = new ArrayList<>();
    private final VirtualScheduler scheduler = new VirtualScheduler(T0);

    private AnalysisOutcome judge(Objective... objectives) throws Exception {
        List<Objective> list = List.of(objectives);
        AnalysisRun run = AnalysisRunner.start(
                list, AnalysisState.start(T0, WINDOW, INTERVAL, list), source, scheduler, evaluations::add);
        return scheduler.runUntil(run.result(), Duration.ofHours(1));
    }

    @Test
    void passesWhenErrorRateAndLatencyHoldForTheWholeWindow() throws Exception {
        Objective latency = new Objective(
                "p95-latency",
                "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version=\"pass\"}[1m])))",
                Comparison.LE,
                0.5,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);

        AnalysisOutcome outcome = judge(errorRate("pass", 1, null, null), latency);

        assertThat(outcome.verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(outcome.state().evaluations()).isEqualTo(10);
        assertThat(outcome.measurements()).hasSize(20);
        assertThat(outcome.measurements())
                .allSatisfy(m -> assertThat(m.outcome()).isEqualTo(Measurement.Outcome.PASS));
        Measurement first = outcome.measurements().get(0);
        assertThat(first.time()).isEqualTo(T0.plus(M1));
        assertThat(first.value()).isCloseTo(0.01, within(1e-12));
        assertThat(first.reason()).isEqualTo("0.01 < 0.05");
        assertThat(outcome.measurements().get(1).value()).isCloseTo(0.095, within(1e-12));
        assertThat(scheduler.now()).isEqualTo(T0.plus(WINDOW));
    }

    @Test
    void rollsBackWhenTheErrorRateStaysAboveFivePercentForThreeMinutes() throws Exception {
        AnalysisOutcome outcome = judge(errorRate("consecutive", 3, null, null));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.reason()).isEqualTo("error-rate breached 3 times in a row (0.1 >= 0.05)");
        assertThat(fail.action()).isEqualTo(BreachAction.ROLLBACK);
        assertThat(fail.evidence())
                .extracting(Measurement::time)
                .containsExactly(T0.plus(M1.multipliedBy(4)), T0.plus(M1.multipliedBy(5)), T0.plus(M1.multipliedBy(6)));
        assertThat(outcome.measurements().subList(0, 3))
                .allSatisfy(m -> assertThat(m.outcome()).isEqualTo(Measurement.Outcome.PASS));
        assertThat(scheduler.now()).isEqualTo(T0.plus(M1.multipliedBy(6)));
    }

    @Test
    void rollsBackOnTheThirdBreachInAllWhenBreachesAreNotConsecutive() throws Exception {
        AnalysisOutcome outcome = judge(errorRate("total", 2, 3, null));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.reason()).isEqualTo("error-rate breached 3 times in all (limit 3) (0.1 >= 0.05)");
        assertThat(outcome.measurements())
                .extracting(Measurement::outcome)
                .containsExactly(
                        Measurement.Outcome.PASS,
                        Measurement.Outcome.BREACH,
                        Measurement.Outcome.PASS,
                        Measurement.Outcome.BREACH,
                        Measurement.Outcome.PASS,
                        Measurement.Outcome.BREACH);
        assertThat(scheduler.now()).isEqualTo(T0.plus(M1.multipliedBy(6)));
    }

    @Test
    void endsInconclusiveWhenTheCanaryStopsReportingMetrics() throws Exception {
        AnalysisOutcome outcome = judge(errorRate("silent", 1, null, null));

        assertThat(outcome.verdict()).isInstanceOf(Verdict.Inconclusive.class);
        assertThat(outcome.verdict().reason())
                .isEqualTo("error-rate had no passing measurement in 10 measurements (last: no data (empty result))");
    }

    @Test
    void treatsZeroOverZeroAsNoData() throws Exception {
        AnalysisOutcome outcome = judge(errorRate("idle", 1, null, null));

        assertThat(outcome.verdict()).isInstanceOf(Verdict.Inconclusive.class);
        assertThat(outcome.measurements()).allSatisfy(m -> {
            assertThat(m.value()).isNull();
            assertThat(m.reason()).isEqualTo("no data (NaN)");
        });
    }

    @Test
    void endsInconclusiveWhenTheCanaryServesTooFewRequests() throws Exception {
        Objective.Evidence evidence =
                new Objective.Evidence("sum(increase(http_requests_total{version=\"trickle\"}[5m]))", 100);

        AnalysisOutcome outcome = judge(errorRate("trickle", 1, null, evidence));

        assertThat(outcome.verdict().reason())
                .isEqualTo("error-rate had no passing measurement in 10 measurements (last: 20 requests < 100 needed)");
        Measurement last = outcome.measurements().get(9);
        assertThat(last.evidence()).isCloseTo(20.0, within(1e-9));
        assertThat(last.value()).isEqualTo(0.0);
    }

    @Test
    void prometheusRejectionsAndSeveralSeriesAreConfigurationErrors() throws Exception {
        assertThatThrownBy(() -> source.instant("sum(rate(http_requests_total[1m])", T0))
                .isInstanceOf(BadQueryException.class)
                .hasMessageContaining("rejected the query: bad_data: ")
                .hasMessageContaining("parse error");

        Objective bySeries = new Objective(
                "error-rate",
                "sum by (code) (rate(http_requests_total{version=\"pass\"}[1m]))",
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
        List<Objective> list = List.of(bySeries);
        AnalysisRun run = AnalysisRunner.start(
                list, AnalysisState.start(T0, WINDOW, INTERVAL, list), source, scheduler, evaluations::add);
        assertThatThrownBy(() -> scheduler.runUntil(run.result(), Duration.ofHours(1)))
                .hasCauseInstanceOf(BadQueryException.class)
                .cause()
                .hasMessageContaining("objective error-rate query returned 2 series")
                .hasMessageContaining("aggregate it, e.g. sum(");
    }

    @Test
    void readsRangeQueriesAsMatrices() {
        QueryResult r = source.range(
                "sum(increase(http_requests_total{version=\"pass\"}[1m]))", T0, T0.plus(Duration.ofMinutes(5)), M1);

        QueryResult.Matrix m = (QueryResult.Matrix) r;
        assertThat(m.series()).hasSize(1);
        assertThat(m.series().get(0).samples()).hasSize(6).allSatisfy(s -> assertThat(s.value())
                .isCloseTo(400.0, within(1e-9)));
        assertThat(m.series().get(0).samples().get(0).time()).isEqualTo(T0);
    }
}
