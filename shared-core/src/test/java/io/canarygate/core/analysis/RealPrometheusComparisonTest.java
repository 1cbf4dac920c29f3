package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.PrometheusSource;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.testkit.OpenMetricsFixture;
import io.canarygate.testkit.PrometheusServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Objectives with {@code compare}: the canary's latency against the stable pods', judged Mann–Whitney style by the real
 * {@link PrometheusSource} against a real Prometheus serving a backfilled fixture. Every 15 s segment of every version
 * has its own latency, drawn around the version's level with the same spread, so the series are noisy as real ones
 * are; a virtual clock makes every evaluation query an exact past time.
 */
class RealPrometheusComparisonTest {
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(15);
    private static final Duration WINDOW = Duration.ofMinutes(10);
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private static PrometheusServer prometheus;
    private static MetricSource source;

    @BeforeAll
    static void backfill() {
        OpenMetricsFixture f = new OpenMetricsFixture(T0.minus(Duration.ofMinutes(10)), STEP);
        Random random = new Random(42);
        Map<String, Double> levels = Map.of(
                "stable", 0.200, // the baseline
                "same", 0.200, // the same version again
                "slightly", 0.208, // 4% slower: within a 10% tolerance
                "slower", 0.260); // 30% slower
        for (int i = 0; i < 80; i++) { // 20 minutes of 15 s segments
            for (String version : List.of("stable", "same", "slightly", "slower")) {
                double latency = levels.get(version) + 0.02 * random.nextGaussian();
                f.traffic(version, STEP, 100, 0.0, latency);
            }
        }
        // The canary's metrics start only 2 minutes before T0: too few samples for the first evaluations.
        f.gap("late", Duration.ofMinutes(8));
        for (int i = 0; i < 48; i++) {
            f.traffic("late", STEP, 100, 0.0, 0.200 + 0.02 * random.nextGaussian());
        }
        prometheus = PrometheusServer.startWithBackfill(f.toOpenMetrics());
        source = LocalPrometheus.source(prometheus, Duration.ofSeconds(15));
    }

    @AfterAll
    static void stop() {
        if (prometheus != null) {
            prometheus.close();
        }
    }

    private static String meanLatency(String version) {
        return "sum(rate(http_request_duration_seconds_sum{version=\"" + version + "\"}[30s]))"
                + " / sum(rate(http_request_duration_seconds_count{version=\"" + version + "\"}[30s]))";
    }

    private static Objective latencyVsStable(String canary, Comparison op, double tolerance) {
        return latencyVsStable(canary, op, tolerance, meanLatency("stable"));
    }

    private static Objective latencyVsStable(String canary, Comparison op, double tolerance, String baseline) {
        return Objectives.compared(
                "latency-vs-stable",
                meanLatency(canary),
                op,
                tolerance,
                2,
                new Objective.Baseline(
                        baseline,
                        Objective.Baseline.DEFAULT_LOOKBACK,
                        Objective.Baseline.DEFAULT_STEP,
                        Objective.Baseline.DEFAULT_CONFIDENCE));
    }

    private final List<Evaluation> evaluations = new ArrayList<>();
    private final VirtualScheduler scheduler = new VirtualScheduler(T0);

    private AnalysisOutcome judge(Objective objective) throws Exception {
        List<Objective> list = List.of(objective);
        AnalysisRun run = AnalysisRunner.start(
                list, AnalysisState.start(T0, WINDOW, INTERVAL, list), source, scheduler, evaluations::add);
        return scheduler.runUntil(run.result(), Duration.ofHours(1));
    }

    @Test
    void theSameVersionAgainPassesEveryEvaluation() throws Exception {
        AnalysisOutcome outcome = judge(latencyVsStable("same", Comparison.LE, 0.1));

        assertThat(outcome.verdict()).as(outcome.measurements().toString()).isInstanceOf(Verdict.Pass.class);
        assertThat(outcome.measurements()).hasSize(10).allSatisfy(m -> {
            assertThat(m.outcome()).isEqualTo(Measurement.Outcome.PASS);
            // The value is the interval's lower end, which a pass keeps at or below the tolerance.
            assertThat(m.value()).isLessThanOrEqualTo(0.1);
            assertThat(m.threshold()).isEqualTo(0.1);
            assertThat(m.reason())
                    .startsWith("canary ")
                    .contains("vs baseline (95% interval ")
                    .endsWith("within +10%");
        });
    }

    @Test
    void aSmallDifferenceWithinTheTolerancePasses() throws Exception {
        AnalysisOutcome outcome = judge(latencyVsStable("slightly", Comparison.LE, 0.1));

        assertThat(outcome.verdict()).as(outcome.measurements().toString()).isInstanceOf(Verdict.Pass.class);
        // The estimate sees the 4% that is there; only an interval wholly above +10% would be a breach.
        assertThat(outcome.measurements()).allSatisfy(m -> {
            assertThat(m.value()).isLessThanOrEqualTo(0.1);
            assertThat(m.reason()).matches("canary \\+[0-9.]+% vs baseline .*within \\+10%");
        });
    }

    @Test
    void aCanaryThirtyPercentSlowerRollsBackAfterTwoBreachesInARow() throws Exception {
        AnalysisOutcome outcome = judge(latencyVsStable("slower", Comparison.LE, 0.1));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.reason()).startsWith("latency-vs-stable breached 2 times in a row (canary +");
        assertThat(outcome.measurements()).hasSize(2).allSatisfy(m -> {
            assertThat(m.outcome()).isEqualTo(Measurement.Outcome.BREACH);
            assertThat(m.value()).as("the interval's lower end").isBetween(0.1, 0.3);
            assertThat(m.reason()).matches("canary \\+(2[5-9]|3[0-5])(\\.[0-9]+)?% vs baseline.*");
            assertThat(m.reason()).contains("21/21 samples").endsWith("beyond +10%");
        });
        assertThat(scheduler.now()).isEqualTo(T0.plus(INTERVAL.multipliedBy(2)));
    }

    @Test
    void withGreaterOrEqualOnlyALowerCanaryIsABreach() throws Exception {
        // The slower canary is higher, which >= does not mind: e.g. a success rate may rise, not fall.
        AnalysisOutcome outcome = judge(latencyVsStable("slower", Comparison.GE, 0.1));

        assertThat(outcome.verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(outcome.measurements()).allSatisfy(m -> {
            assertThat(m.reason()).endsWith("within -10%");
            assertThat(m.threshold()).isEqualTo(-0.1);
            assertThat(m.value()).as("the interval's upper end").isGreaterThan(0.2);
        });
    }

    @Test
    void aBaselineQueryWithSeveralSeriesIsAConfigurationErrorNamingThem() {
        Objective several = latencyVsStable(
                "same", Comparison.LE, 0.1, "sum by (version) (rate(http_request_duration_seconds_count[30s]))");

        assertThatThrownBy(() -> Measurer.measure(several, source, T0.plus(INTERVAL)))
                .isInstanceOf(BadQueryException.class)
                .hasMessageStartingWith("objective latency-vs-stable compare.baseline returned 5 series ({version=")
                .hasMessageEndingWith(", …) where one is needed; aggregate it, e.g. sum(sum by (version)"
                        + " (rate(http_request_duration_seconds_count[30s])))");
    }

    @Test
    void tooFewCanarySamplesAreInconclusiveUntilTheLookbackHoldsEnough() throws Exception {
        AnalysisOutcome outcome = judge(latencyVsStable("late", Comparison.LE, 0.1));

        // The canary's first rate over 30s is at T0-1m45s (two scrapes), so at T0+1m the lookback holds 6 samples at
        // 30 s (T0-1m30s to T0+1m); from T0+3m on, 10 or more.
        assertThat(outcome.measurements().get(0).outcome()).isEqualTo(Measurement.Outcome.INCONCLUSIVE);
        assertThat(outcome.measurements().get(0).reason())
                .isEqualTo("6 canary and 21 baseline samples in the last 10m < 10 each needed");
        assertThat(outcome.measurements().subList(2, 10))
                .allSatisfy(m -> assertThat(m.outcome()).isEqualTo(Measurement.Outcome.PASS));
        assertThat(outcome.verdict()).isInstanceOf(Verdict.Pass.class);
    }
}
