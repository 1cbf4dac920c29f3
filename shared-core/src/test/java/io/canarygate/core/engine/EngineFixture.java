package io.canarygate.core.engine;

import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.Scheduler;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One rollout on a mock cluster: stable Deployment {@code shop/checkout} (3 replicas of 1.3.0, ready), a spec for
 * canary 1.4.0 whose objectives read a {@link ScriptedMetrics} source, and engines acting for pipeline run
 * {@link #RUN}.
 *
 * <p>The mock's Deployment controller runs on real time, so operations that wait for readiness (deploy, promote) run
 * on a {@link SystemScheduler}; analyses run on a {@link VirtualScheduler} so a 5-minute window takes milliseconds. The
 * two engines are two pipeline stages of the same run: the record in the cluster is all they share.
 */
final class EngineFixture implements AutoCloseable {
    static final String NS = "shop";
    static final String STABLE = "checkout";
    static final String CANARY = "checkout-canary";
    static final String OLD_IMAGE = "ghcr.io/acme/checkout:1.3.0";
    static final String NEW_IMAGE = "ghcr.io/acme/checkout:1.4.0";
    static final String ERROR_RATE = "error_rate{version=\"canary\"}";
    static final Trigger RUN = new Trigger("cli", "run-1", "alice", "https://ci.example.com/run/1");
    static final Trigger OTHER_RUN = new Trigger("jenkins", "shop/deploy#7", "bob", null);

    /** Everything but objectives, steps and rollback. */
    static final String BASE =
            """
            name: checkout
            target:
              namespace: shop
              deployment: checkout
              image: ghcr.io/acme/checkout:1.4.0
            readyTimeout: 20s
            metrics:
              prometheus:
                url: http://127.0.0.1:1
            """;

    /** Error rate at most 5%, failing after 2 breaches in a row; 10% then 50%, each judged 5 minutes every 30 s. */
    static final String PLAN =
            """
            objectives:
              - name: error-rate
                query: 'error_rate{version="canary"}'
                op: "<="
                threshold: 0.05
                consecutive: 2
            steps:
              - weight: 10
                analysis: {duration: 5m, interval: 30s}
              - weight: 50
                analysis: {duration: 5m, interval: 30s}
            """;

    final MockCluster cluster;
    final KubernetesClient kube;
    final SystemScheduler real = new SystemScheduler(2);
    final ScriptedMetrics metrics = new ScriptedMetrics();
    final List<RolloutEvent> events = new CopyOnWriteArrayList<>();
    final RolloutListener listener = events::add;
    Map<String, String> env = Map.of();
    RolloutSpec spec;

    private EngineFixture(String plan) {
        cluster = MockCluster.start();
        kube = cluster.client();
        cluster.createStable(NS, STABLE, OLD_IMAGE, 3);
        cluster.awaitReady(NS, STABLE);
        spec = spec(plan);
        metrics.set(ERROR_RATE, 0.01);
    }

    static EngineFixture start() {
        return new EngineFixture(PLAN);
    }

    static EngineFixture start(String plan) {
        return new EngineFixture(plan);
    }

    static RolloutSpec spec(String plan) {
        return SpecLoader.parse(BASE + plan, "canary.yaml", Map.of());
    }

    /** The engine of pipeline run {@link #RUN} on real time (deploy, promote, rollback). */
    CanaryEngine engine() {
        return engine(real, RUN, kube);
    }

    /** The engine of pipeline run {@link #RUN} on {@code scheduler}. */
    CanaryEngine engine(Scheduler scheduler) {
        return engine(scheduler, RUN, kube);
    }

    CanaryEngine engine(Scheduler scheduler, Trigger trigger, KubernetesClient client) {
        return new CanaryEngine(new EngineContext(
                client,
                scheduler,
                metrics,
                SecretResolver.of(env),
                trigger,
                listener,
                EngineContext.DEFAULT_LEASE_DURATION));
    }

    /** A virtual clock starting now, so its timestamps follow the real ones in the record. */
    static VirtualScheduler virtualClock() {
        return new VirtualScheduler(Instant.now());
    }

    /** Waits (real time) for an operation; rethrows its failure unwrapped. */
    static <T> T await(CompletableFuture<T> future) {
        try {
            future.get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not finish within 60 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            // rethrown below, unwrapped
        }
        return CanaryEngine.await(future);
    }

    /** Drives {@code clock} until the operation ends (at most 6 virtual hours); rethrows its failure unwrapped. */
    static <T> T drive(VirtualScheduler clock, CompletableFuture<T> future) {
        try {
            clock.runUntil(future, Duration.ofHours(6));
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage(), e);
        } catch (RuntimeException e) {
            // rethrown below, unwrapped
        }
        return CanaryEngine.await(future);
    }

    Deployment deployment(String name) {
        return kube.apps().deployments().inNamespace(NS).withName(name).get();
    }

    Deployment stable() {
        return deployment(STABLE);
    }

    Deployment canary() {
        return deployment(CANARY);
    }

    RolloutRecord record() {
        return new RecordStore(kube).read(NS, "checkout").orElseThrow(() -> new AssertionError("no record"));
    }

    boolean hasRecord() {
        return new RecordStore(kube).read(NS, "checkout").isPresent();
    }

    ConfigMap recordConfigMap() {
        return kube.configMaps()
                .inNamespace(NS)
                .withName(RecordStore.objectName("checkout"))
                .get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    static int replicas(Deployment d) {
        return d == null ? 0 : d.getSpec().getReplicas();
    }

    List<String> lines() {
        return events.stream().map(ProgressFormatter::format).toList();
    }

    @Override
    public void close() {
        real.close();
        cluster.close();
    }
}
