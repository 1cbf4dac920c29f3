package io.canarygate.bench;

import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.engine.WaitOptions;
import io.canarygate.core.engine.WaitResult;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.testkit.DeploymentController;
import io.canarygate.testkit.MockCluster;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bench (2): many concurrent {@code waitForSlo} on one {@link SystemScheduler}. N rollouts (default 1,000) have a
 * RUNNING record on a mock cluster; each waits 60 s with an evaluation every 15 s against a local HTTP server that
 * answers Prometheus queries. Prints the scheduler's platform threads, the JVM's live threads and the heap used with
 * every wait in flight, beside the goals (≤ 4 threads, ≤ 64 MiB).
 *
 * <p>Usage: {@code bench/run.sh waits [n] [scheduler threads]} (defaults 1000 and 2).
 */
public final class ThousandWaits {
    private ThousandWaits() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Duration duration = Duration.ofSeconds(60);
        Duration interval = Duration.ofSeconds(15);
        ThreadMXBean threadBean = ManagementFactory.getThreadMXBean();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();

        AtomicInteger queries = new AtomicInteger();
        HttpServer prometheus = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        prometheus.setExecutor(Executors.newFixedThreadPool(2));
        prometheus.createContext("/api/v1/query", exchange -> {
            queries.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] body = ("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                            + "\"value\":[" + Instant.now().getEpochSecond() + ",\"0.01\"]}]}}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        prometheus.start();
        try (MockCluster cluster = MockCluster.start();
                SystemScheduler scheduler = new SystemScheduler(threads)) {
            cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 3);
            cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout")
                    .waitUntilCondition(d -> d != null && DeploymentController.isReady(d), 60, TimeUnit.SECONDS);
            String url = "http://127.0.0.1:" + prometheus.getAddress().getPort();
            RecordStore records = new RecordStore(cluster.client());
            List<RolloutSpec> specs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                String name = String.format(Locale.ROOT, "r%04d", i);
                RolloutSpec spec = SpecLoader.parse(
                        """
                        name: %s
                        target: {namespace: shop, deployment: checkout, image: 'ghcr.io/acme/checkout:1.4.0'}
                        metrics:
                          prometheus: {url: '%s'}
                        objectives:
                          - {name: error-rate, query: 'error_ratio{rollout="%s"}', op: "<=", threshold: 0.05}
                        """
                                .formatted(name, url, name),
                        "bench.yaml",
                        Map.of());
                specs.add(spec);
                Trigger trigger = new Trigger("bench", "waits", null, null);
                Instant now = Instant.now();
                records.create(new RolloutRecord(
                        RolloutRecord.SCHEMA,
                        name,
                        "shop",
                        "checkout",
                        "checkout-canary",
                        "replicas",
                        Phase.RUNNING,
                        10,
                        Map.of("app", "ghcr.io/acme/checkout:1.3.0"),
                        Map.of("app", "ghcr.io/acme/checkout:1.4.0"),
                        "1",
                        trigger,
                        List.of(new Transition(now, null, Phase.RUNNING, 10, trigger, "bench")),
                        List.of(),
                        now,
                        now));
            }
            System.gc();
            Thread.sleep(500);
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            int threadsBefore = threadBean.getThreadCount();

            CanaryEngine engine = new CanaryEngine(new EngineContext(
                    cluster.client(),
                    scheduler,
                    MetricSources.defaultFactory(),
                    SecretResolver.of(Map.of()),
                    new Trigger("bench", "waits", null, null),
                    RolloutListener.NONE,
                    EngineContext.DEFAULT_LEASE_DURATION));
            long started = System.nanoTime();
            List<CompletableFuture<WaitResult>> waits = new ArrayList<>();
            for (RolloutSpec spec : specs) {
                waits.add(engine.waitForSlo(spec, WaitOptions.of(duration, interval)));
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new));
            int peakThreads = threadsBefore;
            long heapInFlight = 0;
            boolean sampledHeap = false;
            while (!all.isDone()) {
                peakThreads = Math.max(peakThreads, threadBean.getThreadCount());
                long elapsed = System.nanoTime() - started;
                if (!sampledHeap && elapsed > duration.dividedBy(2).toNanos()) {
                    System.gc();
                    heapInFlight = memory.getHeapMemoryUsage().getUsed();
                    sampledHeap = true;
                }
                Thread.sleep(200);
            }
            long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            long passed = waits.stream()
                    .filter(w -> !w.isCompletedExceptionally()
                            && w.join().outcome().verdict().id().equals("PASS"))
                    .count();
            long schedulerThreads = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("canary-gate-scheduler-"))
                    .count();
            System.out.printf(
                    Locale.ROOT,
                    "%d concurrent waits (%s every %s), all done in %.1f s, %d PASS, %d queries%n",
                    n,
                    io.canarygate.core.Durations.format(duration),
                    io.canarygate.core.Durations.format(interval),
                    took / 1000.0,
                    passed,
                    queries.get());
            System.out.printf(Locale.ROOT, "scheduler platform threads: %d (goal <= 4)%n", schedulerThreads);
            System.out.printf(
                    Locale.ROOT,
                    "JVM live threads: %d before the waits, peak %d during (+%d: HTTP client I/O, mock server)%n",
                    threadsBefore,
                    peakThreads,
                    peakThreads - threadsBefore);
            System.out.printf(
                    Locale.ROOT,
                    "heap used with every wait in flight: %.1f MiB more than before (goal <= 64 MiB)%n",
                    (heapInFlight - heapBefore) / 1048576.0);
        } finally {
            prometheus.stop(0);
            ((java.util.concurrent.ExecutorService) prometheus.getExecutor()).shutdownNow();
        }
    }
}
