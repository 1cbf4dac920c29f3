package io.canarygate.demo.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.demo.Behaviour;
import io.canarygate.demo.DemoService;
import io.canarygate.demo.MetricSample;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class BuiltinEvaluatorTest {
    private static final SystemScheduler SCHEDULER = new SystemScheduler(2);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static final String SUCCESS_RATE = "sum(rate(http_requests_total{version=\"canary\",code!~\"5..\"}[30s]))"
            + " / sum(rate(http_requests_total{version=\"canary\"}[30s]))";
    private static final String P95 =
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version=\"canary\"}[30s])))";

    private final SeriesHistory history = new SeriesHistory(Duration.ofMinutes(10));
    private final BuiltinEvaluator evaluator = new BuiltinEvaluator(history, "built-in evaluator");

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.close();
    }

    @Test
    void successRateOfTheCanaryIsWhatItsCountersSayOverTheWindow() {
        try (DemoService canary =
                DemoService.start("canary", "checkout v2", new Behaviour(0.002, 0.3, 0.1), SCHEDULER, 42)) {
            record(canary, T0);
            send(canary, 300);
            record(canary, T0.plusSeconds(5));
            send(canary, 300);
            record(canary, T0.plusSeconds(10));

            double expected = 1.0 - (double) canary.errors() / canary.requests();
            assertThat(canary.requests()).isEqualTo(600);
            assertThat(value(evaluator.instant(SUCCESS_RATE, T0.plusSeconds(10))))
                    .isCloseTo(expected, within(1e-9))
                    .isBetween(0.85, 0.95);
        }
    }

    @Test
    void p95OfASlowCanaryComesOutNearItsLatencyDistribution() {
        try (DemoService canary = DemoService.start(
                "canary", "checkout v2", Behaviour.canaryDefault().withP95(0.8), SCHEDULER, 7)) {
            record(canary, T0);
            send(canary, 400);
            record(canary, T0.plusSeconds(10));

            // Interpolated inside the 0.75–1 s bucket, as Prometheus would; the sample's own p95 is near 0.8.
            assertThat(value(evaluator.instant(P95, T0.plusSeconds(10)))).isBetween(0.62, 1.0);
        }
    }

    @Test
    void p95InterpolatesLinearlyInsideTheBucketThatHoldsTheRank() {
        history.record(T0, Map.of(), buckets(0, 0, 0, 0));
        history.record(T0.plusSeconds(10), Map.of(), buckets(50, 90, 100, 100));

        // rank 95 of 100 lies in (0.25, 0.5], 5 of that bucket's 10 observations in: 0.25 + 0.25 * 5/10.
        assertThat(value(evaluator.instant(P95, T0.plusSeconds(10)))).isCloseTo(0.375, within(1e-9));
    }

    @Test
    void increaseExtrapolatesToTheWindowEdgesLikePrometheus() {
        for (int t = 0; t <= 10; t++) {
            history.record(T0.plusSeconds(t), Map.of(), List.of(requests("200", 50 + 10 * t)));
        }
        Instant at = T0.plusSeconds(10);
        // 100 counted over 10 s of samples; the window starts 5 s before the first, so half an interval is added.
        assertThat(value(evaluator.instant("sum(increase(http_requests_total[15s]))", at)))
                .isCloseTo(105, within(1e-9));
        assertThat(value(evaluator.instant("sum(rate(http_requests_total[15s]))", at)))
                .isCloseTo(7, within(1e-9));
        // A window that the samples fill exactly is not extrapolated.
        assertThat(value(evaluator.instant("sum(increase(http_requests_total[10s]))", at)))
                .isCloseTo(100, within(1e-9));
    }

    @Test
    void aCounterResetIsAddedBackAsPrometheusDoes() {
        double[] values = {100, 110, 120, 5, 15};
        for (int t = 0; t < values.length; t++) {
            history.record(T0.plusSeconds(t), Map.of(), List.of(requests("200", values[t])));
        }
        // 10 + 10 + (reset: 5 since 0) + 10 = 35
        assertThat(value(evaluator.instant("sum(increase(http_requests_total[4s]))", T0.plusSeconds(4))))
                .isCloseTo(35, within(1e-9));
    }

    @Test
    void flatCountersGiveNaNAndUnknownSeriesGiveNoData() {
        history.record(T0, Map.of(), List.of(requests("200", 10), requests("500", 0)));
        history.record(T0.plusSeconds(5), Map.of(), List.of(requests("200", 10), requests("500", 0)));

        String allVersions = "sum(rate(http_requests_total{code!~\"5..\"}[30s])) / sum(rate(http_requests_total[30s]))";
        assertThat(value(evaluator.instant(allVersions, T0.plusSeconds(5)))).isNaN();
        assertThat(evaluator.instant(SUCCESS_RATE, T0.plusSeconds(5)).isEmpty())
                .as("no series carries version=canary")
                .isTrue();
    }

    @Test
    void rangeQueriesEvaluateAtEveryStep() {
        for (int t = 0; t <= 20; t++) {
            history.record(T0.plusSeconds(t), Map.of(), List.of(requests("200", 4.0 * t)));
        }
        QueryResult.Matrix m = (QueryResult.Matrix) evaluator.range(
                "sum(rate(http_requests_total[5s]))", T0.plusSeconds(10), T0.plusSeconds(20), Duration.ofSeconds(5));
        assertThat(m.series()).hasSize(1);
        assertThat(m.series().get(0).samples())
                .extracting(QueryResult.Sample::value)
                .allSatisfy(v -> assertThat(v).isCloseTo(4.0, within(1e-9)))
                .hasSize(3);
    }

    @Test
    void rejectsPromQlItDoesNotUnderstandAndSaysWhatToDo() {
        assertThatThrownBy(() -> evaluator.instant("avg_over_time(up[5m])", T0))
                .isInstanceOf(BadQueryException.class)
                .hasMessageContaining("function avg_over_time() is not supported")
                .hasMessageContaining("install prometheus");
        assertThatThrownBy(() -> evaluator.instant("sum(rate(a[1m])) or vector(0)", T0))
                .isInstanceOf(BadQueryException.class)
                .hasMessageContaining("\"or\" is not supported");
        assertThatThrownBy(() -> evaluator.instant("rate(http_requests_total[1m]) > 0.5", T0))
                .hasMessageContaining("operator > is not supported");
        assertThatThrownBy(() -> evaluator.instant("rate(http_requests_total)", T0))
                .hasMessageContaining("rate() needs a range selector");
        assertThatThrownBy(() -> evaluator.instant("http_requests_total[5m]", T0))
                .hasMessageContaining("must be inside rate() or increase()");
        assertThatThrownBy(() -> evaluator.instant("rate(x[5m:1m])", T0)).hasMessageContaining("subqueries");
        assertThatThrownBy(() -> evaluator.instant("sum(rate(x[1m]) offset 5m)", T0))
                .hasMessageContaining("\"offset\" is not supported");
    }

    private void record(DemoService service, Instant at) {
        history.record(at, Map.of("job", Scraper.JOB, "instance", service.hostPort()), service.metrics());
    }

    private static void send(DemoService service, int n) {
        List<CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(HTTP.sendAsync(
                    HttpRequest.newBuilder(service.uri()).build(), HttpResponse.BodyHandlers.discarding()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    }

    private static double value(QueryResult result) {
        assertThat(result).isInstanceOf(QueryResult.Vector.class);
        List<QueryResult.Series> series = ((QueryResult.Vector) result).series();
        assertThat(series).hasSize(1);
        return series.get(0).samples().get(0).value();
    }

    private static MetricSample requests(String code, double value) {
        return new MetricSample("http_requests_total", Map.of("code", code), value);
    }

    private static List<MetricSample> buckets(double le01, double le025, double le05, double inf) {
        String name = "http_request_duration_seconds_bucket";
        return List.of(
                new MetricSample(name, Map.of("version", "canary", "le", "0.1"), le01),
                new MetricSample(name, Map.of("version", "canary", "le", "0.25"), le025),
                new MetricSample(name, Map.of("version", "canary", "le", "0.5"), le05),
                new MetricSample(name, Map.of("version", "canary", "le", "+Inf"), inf));
    }
}
