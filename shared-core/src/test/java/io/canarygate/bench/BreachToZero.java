package io.canarygate.bench;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.WaitOptions;
import io.canarygate.core.engine.WaitResult;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.testkit.DeploymentController;
import io.canarygate.testkit.MetricsExporter;
import io.canarygate.testkit.MockCluster;
import io.canarygate.testkit.PrometheusServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bench (1): breach → weight 0, end to end. A real Prometheus scrapes the testkit exporter every second; the engine
 * judges the canary's error rate every 2 s (2 breaches in a row fail it) on a mock cluster. After two passing
 * evaluations the exporter's canary error rate jumps to 50%; the time from that moment to the router's weight 0 is
 * measured. Prints every run, the median and the maximum beside the bound interval × limit + scrape + 2 s.
 *
 * <p>Usage: {@code bench/run.sh breach [runs]} (default 5 runs).
 */
public final class BreachToZero {
    static final Duration SCRAPE = Duration.ofSeconds(1);
    static final Duration INTERVAL = Duration.ofSeconds(2);
    static final int LIMIT = 2;
    static final String ERRORS = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[5s]))"
            + " / sum(rate(http_requests_total{version=\"canary\"}[5s]))";

    private BreachToZero() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Duration bound = INTERVAL.multipliedBy(LIMIT).plus(SCRAPE).plusSeconds(2);
        List<Long> millis = new ArrayList<>();
        try (MetricsExporter exporter = MetricsExporter.start();
                PrometheusServer prometheus = PrometheusServer.scrape("checkout", SCRAPE, exporter.target());
                MockCluster cluster = MockCluster.start();
                SystemScheduler scheduler = new SystemScheduler(2)) {
            cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 3);
            cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout")
                    .waitUntilCondition(d -> d != null && DeploymentController.isReady(d), 60, TimeUnit.SECONDS);
            RolloutSpec spec = SpecLoader.parse(
                    """
                    target: {namespace: shop, deployment: checkout, image: 'ghcr.io/acme/checkout:1.4.0'}
                    metrics:
                      prometheus: {url: '%s'}
                    objectives:
                      - name: error-rate
                        query: '%s'
                        op: "<"
                        threshold: 0.05
                        consecutive: %d
                    steps:
                      - weight: 10
                        analysis: {duration: 10m, interval: %ds}
                    """
                            .formatted(prometheus.url(), ERRORS, LIMIT, INTERVAL.toSeconds()),
                    "bench.yaml",
                    Map.of());
            prometheus.awaitResult(ERRORS + " == 0", Duration.ofSeconds(60));
            System.out.printf(
                    Locale.ROOT,
                    "breach -> weight 0: scrape %ds, interval %ds, consecutive limit %d, %d runs%n",
                    SCRAPE.toSeconds(),
                    INTERVAL.toSeconds(),
                    LIMIT,
                    runs);
            for (int run = 1; run <= runs; run++) {
                AtomicInteger evaluations = new AtomicInteger();
                AtomicLong breachAt = new AtomicLong();
                AtomicLong zeroAt = new AtomicLong();
                CountDownLatch atZero = new CountDownLatch(1);
                CanaryEngine engine = new CanaryEngine(new EngineContext(
                        cluster.client(),
                        scheduler,
                        MetricSources.defaultFactory(),
                        SecretResolver.of(Map.of()),
                        new Trigger("bench", "breach-" + run, null, null),
                        e -> {
                            if (e instanceof RolloutEvent.Evaluated && evaluations.incrementAndGet() == 2) {
                                breachAt.set(System.nanoTime());
                                exporter.setErrorRatio(MetricsExporter.CANARY, 0.5);
                            }
                            if (e instanceof RolloutEvent.WeightChanged w && w.to() == 0 && breachAt.get() != 0) {
                                zeroAt.set(System.nanoTime());
                                atZero.countDown();
                            }
                        },
                        EngineContext.DEFAULT_LEASE_DURATION));
                CanaryEngine.await(engine.deploy(spec, 10));
                CompletableFuture<WaitResult> wait = engine.waitForSlo(spec, WaitOptions.defaults());
                if (!atZero.await(60, TimeUnit.SECONDS)) {
                    throw new CanaryGateException(
                            CanaryGateException.Kind.INFRASTRUCTURE, "run " + run + ": no rollback");
                }
                WaitResult result = CanaryEngine.await(wait);
                long ms = TimeUnit.NANOSECONDS.toMillis(zeroAt.get() - breachAt.get());
                millis.add(ms);
                System.out.printf(
                        Locale.ROOT,
                        "run %d: %5d ms  (%s)%n",
                        run,
                        ms,
                        result.outcome().verdict().reason());
                exporter.setErrorRatio(MetricsExporter.CANARY, 0);
                prometheus.awaitResult(ERRORS + " == 0", Duration.ofSeconds(60));
            }
        }
        Collections.sort(millis);
        long median = millis.size() % 2 == 1
                ? millis.get(millis.size() / 2)
                : (millis.get(millis.size() / 2 - 1) + millis.get(millis.size() / 2)) / 2;
        System.out.printf(
                Locale.ROOT,
                "median %d ms, max %d ms; bound interval x limit + scrape + 2 s = %d ms: %s%n",
                median,
                millis.get(millis.size() - 1),
                bound.toMillis(),
                millis.get(millis.size() - 1) <= bound.toMillis() ? "within" : "EXCEEDED");
    }
}
