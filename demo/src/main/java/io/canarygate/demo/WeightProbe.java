package io.canarygate.demo;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;

/**
 * Reads, from the cluster, the share of requests a real data plane would send to the canary, as the traffic generator
 * needs it: the canary Ingress's {@code nginx.ingress.kubernetes.io/canary-weight} (0 when there is none, as with the
 * {@code replicas} router) goes to the canary; the rest goes to the stable Service, whose endpoints are the ready pods of
 * every Deployment its selector matches — canary pods included when they carry the stable labels. So the demo's
 * traffic follows what the engine actually wrote, not what it meant to write.
 */
public final class WeightProbe {
    static final String NGINX_CANARY = "nginx.ingress.kubernetes.io/canary";
    static final String NGINX_WEIGHT = "nginx.ingress.kubernetes.io/canary-weight";

    private final KubernetesClient kube;
    private final String namespace;
    private final String stableDeployment;

    public WeightProbe(KubernetesClient kube, String namespace, String stableDeployment) {
        this.kube = kube;
        this.namespace = namespace;
        this.stableDeployment = stableDeployment;
    }

    /** What the probe saw: the Ingress weight, and the canary's share of the stable Service's ready endpoints. */
    public record Split(int ingressWeight, int canaryEndpoints, int allEndpoints) {
        /** The canary's share of all requests, 0–100. */
        public int canaryPercent() {
            double viaService = allEndpoints == 0 ? 0 : (double) canaryEndpoints / allEndpoints;
            double share = ingressWeight / 100.0 + (1 - ingressWeight / 100.0) * viaService;
            return (int) Math.round(100 * share);
        }
    }

    /** The canary's share of requests now, 0–100. */
    public int read() {
        return split().canaryPercent();
    }

    public Split split() {
        List<Deployment> deployments =
                kube.apps().deployments().inNamespace(namespace).list().getItems();
        Deployment stable = deployments.stream()
                .filter(d -> d.getMetadata().getName().equals(stableDeployment))
                .findFirst()
                .orElse(null);
        if (stable == null) {
            return new Split(0, 0, 0);
        }
        Map<String, String> selector = stableSelector(stable);
        int canaryReady = 0;
        int allReady = 0;
        for (Deployment d : deployments) {
            Map<String, String> podLabels =
                    d.getSpec().getTemplate().getMetadata().getLabels();
            if (podLabels == null || !podLabels.entrySet().containsAll(selector.entrySet())) {
                continue;
            }
            int ready = ready(d);
            allReady += ready;
            if (isCanary(d)) {
                canaryReady += ready;
            }
        }
        return new Split(ingressWeight(), canaryReady, allReady);
    }

    /** The selector of the Service in front of the stable pods; without one, the stable Deployment's own. */
    private Map<String, String> stableSelector(Deployment stable) {
        Map<String, String> podLabels =
                stable.getSpec().getTemplate().getMetadata().getLabels();
        for (Service s : kube.services().inNamespace(namespace).list().getItems()) {
            Map<String, String> selector = s.getSpec().getSelector();
            if (selector != null
                    && !selector.isEmpty()
                    && !s.getMetadata().getName().endsWith("-canary")
                    && podLabels != null
                    && podLabels.entrySet().containsAll(selector.entrySet())) {
                return selector;
            }
        }
        return stable.getSpec().getSelector().getMatchLabels();
    }

    private boolean isCanary(Deployment d) {
        Map<String, String> labels = d.getMetadata().getLabels();
        return d.getMetadata().getName().equals(stableDeployment + "-canary")
                || (labels != null && "canary".equals(labels.get("canarygate.io/role")));
    }

    private static int ready(Deployment d) {
        if (d.getStatus() == null || d.getStatus().getReadyReplicas() == null) {
            return 0;
        }
        return d.getStatus().getReadyReplicas();
    }

    private int ingressWeight() {
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
