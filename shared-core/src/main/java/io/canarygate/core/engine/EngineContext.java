package io.canarygate.core.engine;

import io.canarygate.core.metrics.MetricSourceFactory;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.Scheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;

/**
 * What the engine works with. Faces build one per pipeline run; the client, scheduler and metric factory may be
 * shared by many.
 *
 * @param kube Kubernetes client (the record, lease and events live in the rollout's namespace)
 * @param scheduler the clock and timer for every wait
 * @param metrics builds metric sources from a rollout's {@code metrics} section
 * @param secrets resolves secret references at the moment of use
 * @param trigger the pipeline run acting; its holder id is the lease holder
 * @param listener progress sink
 * @param leaseDuration how long the lease lasts without renewal (renewed at a third of it while working)
 */
public record EngineContext(
        KubernetesClient kube,
        Scheduler scheduler,
        MetricSourceFactory metrics,
        SecretResolver secrets,
        Trigger trigger,
        RolloutListener listener,
        Duration leaseDuration) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(60);
}
