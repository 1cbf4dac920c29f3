package io.canarygate.core.traffic;

import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Weight by replica share ({@code traffic.router: replicas}): the user's Service selects stable and canary pods alike
 * (the canary pods carry the stable pod labels), so the canary receives about {@code canary / (canary + stable)} of the
 * requests. The stable Deployment keeps its replicas; the canary gets
 * {@code w == 0 ? 0 : max(1, round(stable * w / (100 - w)))}, capped at {@value #MAX_FACTOR} times the stable
 * replicas (about 91%), so a high weight never starts an unbounded number of pods. Weights are therefore approximate:
 * with 3 stable pods, 10% becomes 1 canary pod (25% of the pods).
 *
 * <p>The weight asked for is kept in an annotation on the canary Deployment; {@link #weight} returns it while the ready
 * canary pods match it, and the real ready-pod share otherwise (pods still starting, or scaled by hand).
 */
public final class ReplicaRatioRouter implements TrafficRouter {
    /** Annotation on the canary Deployment holding the weight last set. */
    public static final String WEIGHT_ANNOTATION = "canarygate.io/weight";
    /** Canary replicas never exceed this many times the stable replicas. */
    public static final int MAX_FACTOR = 10;

    private final KubernetesClient kube;
    private final Workloads workloads;

    public ReplicaRatioRouter(KubernetesClient kube) {
        this.kube = kube;
        this.workloads = new Workloads(kube);
    }

    @Override
    public String kind() {
        return "replicas";
    }

    @Override
    public void check(CanaryTarget target) {
        // The stable Deployment is all this router needs, and the engine has read it already.
    }

    @Override
    public void prepare(CanaryTarget target) {}

    /**
     * This router reaches the canary only through a Service that selects stable and canary pods alike, which it does
     * not read (the Role grants it no Service). So when {@code target.canaryLabels} gives the canary pods another value
     * of a label the stable pods carry, it says which, so the Service in front of them is not left selecting by it.
     */
    @Override
    public List<String> notes(CanaryTarget target, int weight, int stableReplicas, int canaryReplicas) {
        Deployment stable = KubeCalls.call(
                "get deployment " + target.namespace() + "/" + target.stableDeployment(), () -> kube.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .withName(target.stableDeployment())
                        .get());
        if (stable == null
                || stable.getSpec() == null
                || stable.getSpec().getTemplate() == null
                || stable.getSpec().getTemplate().getMetadata() == null
                || stable.getSpec().getTemplate().getMetadata().getLabels() == null) {
            return List.of();
        }
        List<String> changed = new ArrayList<>();
        stable.getSpec().getTemplate().getMetadata().getLabels().forEach((k, v) -> {
            String canary = target.canaryPodLabels().get(k);
            if (canary != null && !canary.equals(v)) {
                changed.add(k + " (stable " + v + ", canary " + canary + ")");
            }
        });
        if (changed.isEmpty()) {
            return List.of();
        }
        return List.of("target.canaryLabels gives the canary pods other values of " + String.join(", ", changed)
                + "; router replicas sends the canary its share only through a Service that selects stable and"
                + " canary pods alike, so the Service in front of " + target.stableDeployment()
                + " must not select by " + (changed.size() == 1 ? "that label" : "those labels")
                + " (or the canary gets no requests: minEvidence shows it)");
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        int stable = workloads
                .readiness(target.namespace(), target.stableDeployment())
                .desired();
        workloads.scaleCanary(
                target, canaryReplicas(stable, weight), Map.of(WEIGHT_ANNOTATION, String.valueOf(weight)));
    }

    @Override
    public int weight(CanaryTarget target) {
        Deployment canary = canary(target);
        if (canary == null) {
            return 0;
        }
        Workloads.Readiness stable = workloads.readiness(target.namespace(), target.stableDeployment());
        int canaryReady = ready(canary);
        Map<String, String> annotations = canary.getMetadata().getAnnotations();
        String declared = annotations == null ? null : annotations.get(WEIGHT_ANNOTATION);
        if (declared != null) {
            try {
                int w = Integer.parseInt(declared);
                if (canaryReady == canaryReplicas(stable.desired(), w)) {
                    return w;
                }
            } catch (NumberFormatException e) {
                // Edited by hand: fall back to the measured share.
            }
        }
        return share(stable.ready(), canaryReady);
    }

    @Override
    public void remove(CanaryTarget target) {
        // Nothing routes traffic but the pods; the engine scales and deletes the canary Deployment.
    }

    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        if (weight <= 0) {
            return 0;
        }
        int cap = Math.max(1, stableReplicas) * MAX_FACTOR;
        if (weight >= 100) {
            return cap;
        }
        long n = Math.round(stableReplicas * (double) weight / (100 - weight));
        return (int) Math.max(1, Math.min(cap, n));
    }

    /** Percentage of ready pods that are canary pods, rounded. */
    static int share(int stableReady, int canaryReady) {
        int total = stableReady + canaryReady;
        return total == 0 ? 0 : (int) Math.round(100.0 * canaryReady / total);
    }

    private Deployment canary(CanaryTarget target) {
        return KubeCalls.call(
                "get deployment " + target.namespace() + "/" + target.canaryDeployment(), () -> kube.apps()
                        .deployments()
                        .inNamespace(target.namespace())
                        .withName(target.canaryDeployment())
                        .get());
    }

    private static int ready(Deployment d) {
        Integer r = d.getStatus() == null ? null : d.getStatus().getReadyReplicas();
        return r == null ? 0 : r;
    }
}
