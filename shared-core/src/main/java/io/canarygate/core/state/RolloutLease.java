package io.canarygate.core.state;

import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;

/**
 * A coordination.k8s.io Lease per rollout ({@code canarygate-<rollout>}) that keeps two pipelines off one rollout. The
 * holder identity is {@link Trigger#holder()}: stages of one pipeline run share it, another run does not.
 */
public final class RolloutLease {
    private final KubernetesClient kube;

    public RolloutLease(KubernetesClient kube) {
        this.kube = kube;
    }

    /**
     * Takes the lease for {@code trigger}, or renews it when {@code trigger}'s run already holds it.
     *
     * @throws io.canarygate.core.CanaryGateException CONFLICT naming the holder (and since when, until when) when another
     *     run holds an unexpired lease
     */
    public LeaseHandle acquire(String namespace, String rollout, Trigger trigger, Duration duration, Instant now) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
