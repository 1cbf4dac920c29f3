package io.canarygate.core.state;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * Kubernetes Events as the audit trail: one per transition, on the stable Deployment, so {@code kubectl get events} and
 * {@code kubectl describe deployment} show what Canary Gate did. A failure to write an Event never fails the rollout.
 */
public final class AuditTrail {
    private final KubernetesClient kube;

    public AuditTrail(KubernetesClient kube) {
        this.kube = kube;
    }

    /** Records an Event (type Warning when {@code warning}) with {@code reason} (CamelCase) and {@code message}. */
    public void record(String namespace, String deployment, String reason, String message, boolean warning) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
