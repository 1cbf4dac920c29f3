package io.canarygate.core.kube;

import io.canarygate.core.spec.TargetSpec;
import io.canarygate.core.time.Scheduler;
import io.canarygate.core.traffic.CanaryTarget;
import io.canarygate.core.traffic.TrafficRouter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Workload operations on the fabric8 client: read the stable Deployment, create the canary Deployment from it (same pod
 * spec, new images, a role label), wait until ready, scale, roll the stable one to new images at promotion, delete.
 * Uses JSON merge patches and PUT only (no server-side apply, no strategic merge).
 */
public final class Workloads {
    /** Label on canary pods and the canary Deployment: {@code canarygate.io/role: canary}. */
    public static final String ROLE_LABEL = "canarygate.io/role";
    /** Label naming the rollout on every object Canary Gate creates. */
    public static final String ROLLOUT_LABEL = "canarygate.io/rollout";

    private final KubernetesClient kube;

    public Workloads(KubernetesClient kube) {
        this.kube = kube;
    }

    /**
     * The user's Deployment.
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT naming namespace and name when it does not exist
     */
    public Deployment stable(String namespace, String name) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** The objects this rollout works on; the canary is {@code <stable>-canary}. */
    public CanaryTarget target(String rollout, Deployment stable, TrafficRouter router) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Container → new image, checked against the stable pod spec.
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT when a container is unknown, or no container was
     *     named and the pod has several
     */
    public Map<String, String> resolveImages(Deployment stable, List<TargetSpec.ContainerImage> images) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Container → image of {@code deployment}'s pod template. */
    public Map<String, String> images(Deployment deployment) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Desired and ready replicas; {@code (0, 0)} when the Deployment does not exist. */
    public Readiness readiness(String namespace, String name) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Creates the canary Deployment from {@code stable} with {@code images} and {@code replicas}, or updates it. */
    public void ensureCanary(CanaryTarget target, Deployment stable, Map<String, String> images, int replicas) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Scales the canary Deployment (no-op when it does not exist and {@code replicas} is 0). */
    public void scaleCanary(CanaryTarget target, int replicas) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Sets container images on {@code deployment} (promotion, or restoring the stable images). */
    public void setImages(String namespace, String deployment, Map<String, String> images) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Deletes the canary Deployment (no-op when absent). */
    public void deleteCanary(CanaryTarget target) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /**
     * Completes when {@code name} has observed its latest generation and has {@code replicas} updated, ready replicas;
     * polls on {@code scheduler} (no thread waits). Fails with NOT_READY after {@code timeout}, naming the Deployment
     * and its conditions.
     */
    public CompletableFuture<Readiness> awaitReady(
            String namespace,
            String name,
            int replicas,
            Duration timeout,
            Scheduler scheduler,
            Consumer<String> progress) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Desired and ready replicas of one Deployment. */
    public record Readiness(int desired, int ready) {}
}
