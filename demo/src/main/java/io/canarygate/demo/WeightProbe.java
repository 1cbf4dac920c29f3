package io.canarygate.demo;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;

/**
 * Reads the canary's share of traffic from the cluster the way the data plane would: for the {@code replicas} router
 * from the ready pods behind the Service (canary ready / all ready), for {@code nginx} from the canary Ingress's
 * {@code canary-weight} annotation. The traffic generator splits requests by what this returns, so the demo's traffic
 * follows what the engine actually wrote, not what it meant to write.
 */
public final class WeightProbe {
    static final String NGINX_CANARY = "nginx.ingress.kubernetes.io/canary";
    static final String NGINX_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

    private final KubernetesClient kube;
    private final String namespace;
    private final String stableDeployment;
    private final String router;

    /**
     * @param router {@code replicas} or {@code nginx} ({@code traffic.router})
     */
    public WeightProbe(KubernetesClient kube, String namespace, String stableDeployment, String router) {
        if (!router.equals("replicas") && !router.equals("nginx")) {
            throw new IllegalArgumentException("traffic.router: \"" + router
                    + "\" has no demo data plane; the demo splits traffic for replicas and nginx");
        }
        this.kube = kube;
        this.namespace = namespace;
        this.stableDeployment = stableDeployment;
        this.router = router;
    }

    /** The canary weight in force now, 0–100. */
    public int read() {
        return router.equals("nginx") ? fromIngress() : fromReadyPods();
    }

    private int fromReadyPods() {
        int stable = ready(stableDeployment);
        int canary = ready(stableDeployment + "-canary");
        if (stable + canary == 0) {
            return 0;
        }
        return (int) Math.round(100.0 * canary / (stable + canary));
    }

    private int ready(String name) {
        Deployment d =
                kube.apps().deployments().inNamespace(namespace).withName(name).get();
        if (d == null || d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return d.getStatus().getReadyReplicas();
    }

    private int fromIngress() {
        int weight = 0;
        for (Ingress ingress :
                kube.network().v1().ingresses().inNamespace(namespace).list().getItems()) {
            Map<String, String> annotations = ingress.getMetadata().getAnnotations();
            if (annotations == null || !"true".equals(annotations.get(NGINX_CANARY))) {
                continue;
            }
            try {
                weight = Math.max(
                        weight,
                        Integer.parseInt(
                                annotations.getOrDefault(NGINX_WEIGHT, "0").strip()));
            } catch (NumberFormatException e) {
                // NGINX ignores an unparsable weight, and so do we.
            }
        }
        return Math.max(0, Math.min(100, weight));
    }
}
