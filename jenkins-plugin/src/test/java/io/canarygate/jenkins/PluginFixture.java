package io.canarygate.jenkins;

import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.time.Scheduler;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.testkit.MockCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * What the step tests run on: the testkit's mock cluster (with its Deployment controller), a metric source whose
 * values the test sets, a fake credentials store, and the plugin runtime wired to them on a real two-thread
 * scheduler. {@link #restartController()} plays a controller restart: the old scheduler's threads die with their
 * queued tasks, a new runtime takes over.
 */
final class PluginFixture implements AutoCloseable {
    static final String ERROR_RATIO = "error_ratio";
    static final Duration TIMEOUT = Duration.ofSeconds(30);

    final MockCluster cluster = MockCluster.start();
    final FakeMetrics metrics = new FakeMetrics();
    final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final CanaryGateRuntime previous;
    private volatile SystemScheduler scheduler;

    PluginFixture() {
        scheduler = new SystemScheduler(2);
        previous = CanaryGateRuntime.install(runtime(scheduler));
    }

    private CanaryGateRuntime runtime(Scheduler s) {
        return new CanaryGateRuntime(
                s, metrics, kubeconfig -> cluster.client(), new CanaryGateRuntime.CredentialStore() {
                    @Override
                    public Optional<String> secretText(hudson.model.Run<?, ?> run, String id) {
                        return Optional.ofNullable(secrets.get(id));
                    }

                    @Override
                    public Optional<String> kubeconfig(hudson.model.Run<?, ?> run, String id) {
                        return Optional.ofNullable(secrets.get(id));
                    }
                });
    }

    /** The controller stops (its threads and queued tasks are gone) and a new one starts. */
    void restartController() {
        SystemScheduler old = scheduler;
        scheduler = new SystemScheduler(2);
        CanaryGateRuntime.install(runtime(scheduler));
        old.close();
    }

    /** A stable Deployment {@code name} in namespace {@code shop} with 4 ready replicas. */
    void stable(String name) {
        cluster.createStable("shop", name, "ghcr.io/acme/" + name + ":1.3.0", 4);
        cluster.awaitReady("shop", name);
    }

    /** A workspace holding a canary.yaml for Deployment {@code name}: one objective, error_ratio <= 0.05. */
    static Path workspace(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("canary.yaml"), canaryYaml(name));
        return dir;
    }

    static String canaryYaml(String name) {
        return """
                target:
                  namespace: shop
                  deployment: %s
                  image: ghcr.io/acme/%s:1.4.0
                readyTimeout: 30s
                metrics:
                  prometheus:
                    url: http://127.0.0.1:9
                objectives:
                  - name: error-rate
                    query: %s
                    op: "<="
                    threshold: 0.05
                    consecutive: 2
                steps:
                  - weight: 10
                    analysis: {duration: 4s, interval: 1s}
                  - pause: {}
                  - weight: 50
                    analysis: {duration: 4s, interval: 1s}
                """
                .formatted(name, name, ERROR_RATIO);
    }

    /** Starts {@code step} on {@code context} like Pipeline does; returns the execution. */
    static StepExecution start(Step step, FakeStepContext context) throws Exception {
        StepExecution e = step.start(context);
        e.start();
        return e;
    }

    /** Runs {@code step} to its end; returns its result or throws its failure. */
    static Object run(Step step, FakeStepContext context) throws Throwable {
        start(step, context);
        return context.await(TIMEOUT);
    }

    /** Deploys {@code name} at {@code weight} through the canaryDeploy step in the build of {@code context}. */
    static void deploy(FakeStepContext context, int weight) throws Throwable {
        run(new CanaryDeployStep(weight), context);
    }

    RolloutRecord record(String name) {
        return new RecordStore(cluster.client()).read("shop", name).orElseThrow();
    }

    @Override
    public void close() {
        CanaryGateRuntime.install(previous);
        scheduler.close();
        cluster.close();
    }

    /** A metric source answering each query with the value the test set (one series), counting evaluations. */
    static final class FakeMetrics implements MetricSourceFactory {
        final Map<String, Double> values = new ConcurrentHashMap<>();
        final AtomicInteger queries = new AtomicInteger();
        /** The bearer token the last source was built with, resolved as the real source would. */
        volatile String lastToken;

        @Override
        public MetricSource create(io.canarygate.core.spec.MetricsSpec spec, io.canarygate.core.spec.SecretResolver s) {
            if (spec instanceof io.canarygate.core.spec.MetricsSpec.Prometheus p
                    && p.auth() instanceof io.canarygate.core.spec.MetricsSpec.Auth.Bearer b) {
                lastToken = s.resolve(b.token());
            }
            return new MetricSource() {
                @Override
                public QueryResult instant(String query, Instant time) {
                    queries.incrementAndGet();
                    double v = values.getOrDefault(query, 0.01);
                    return new QueryResult.Vector(List.of(new QueryResult.Series(
                            Map.of("version", "canary"), List.of(new QueryResult.Sample(time, v)))));
                }

                @Override
                public QueryResult range(String query, Instant start, Instant end, Duration step) {
                    throw new UnsupportedOperationException("range queries are not used by these tests");
                }

                @Override
                public String describe() {
                    return "fake metrics";
                }
            };
        }
    }
}
