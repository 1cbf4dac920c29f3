package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServiceSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The canary Services routers send canary traffic to: {@code <stable-service>-canary}, with the stable Service's ports
 * and its selector (with the canary pods' value of a label {@code target.canaryLabels} changes) plus the canary labels,
 * so it reaches canary pods only. Labelled with the rollout, so
 * {@link #deleteAll} finds exactly the Services this rollout created and never touches another.
 */
final class CanaryServices {
    private final KubernetesClient kube;

    CanaryServices(KubernetesClient kube) {
        this.kube = kube;
    }

    /** {@code checkout} → {@code checkout-canary}. */
    static String canaryName(String stableService) {
        return stableService + Workloads.CANARY_SUFFIX;
    }

    /** The Service, or null. */
    Service get(String namespace, String name) {
        return KubeCalls.call(
                "get service " + namespace + "/" + name,
                () -> kube.services().inNamespace(namespace).withName(name).get());
    }

    /**
     * The stable Service a canary Service is derived from.
     *
     * @param field the canary.yaml field that named it, for the message
     * @param via how the user reached it ({@code " (behind ingress \"checkout\")"}), or {@code ""}
     * @throws CanaryGateException INVALID_INPUT when it is missing or has no selector
     */
    Service requireStable(String field, String namespace, String name, String via, String deployment) {
        Service s = get(namespace, name);
        if (s == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    field + ": service \"" + name + "\"" + via + " does not exist in namespace \"" + namespace
                            + "\"; create it or name the Service that selects the stable pods (kubectl get svc -n "
                            + namespace + ")");
        }
        if (s.getSpec() == null
                || s.getSpec().getSelector() == null
                || s.getSpec().getSelector().isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    field + ": service \"" + name + "\"" + via
                            + " has no selector, so no canary service can be derived from it; give it a pod selector"
                            + " such as app: " + deployment);
        }
        return s;
    }

    /** Creates {@code <stable>-canary} for {@code stable}, or brings its selector and ports in line. */
    void ensure(CanaryTarget target, Service stable) {
        Service wanted = canaryService(target, stable);
        String ns = wanted.getMetadata().getNamespace();
        String name = wanted.getMetadata().getName();
        Service existing = get(ns, name);
        if (existing == null) {
            try {
                kube.services().inNamespace(ns).resource(wanted).create();
                return;
            } catch (KubernetesClientException e) {
                if (!KubeCalls.isConflict(e)) {
                    throw KubeCalls.failure("create service " + ns + "/" + name, e);
                }
                existing = get(ns, name);
            }
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !target.rollout().equals(labels.get(Workloads.ROLLOUT_LABEL))) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "service " + ns + "/" + name + " exists but was not created by rollout " + target.rollout()
                            + "; rename or delete it, Canary Gate will not touch a service it did not create");
        }
        if (wanted.getSpec().getSelector().equals(existing.getSpec().getSelector()) && samePorts(wanted, existing)) {
            return;
        }
        KubeCalls.edit(
                "update service " + ns + "/" + name,
                () -> kube.services().inNamespace(ns).withName(name).edit(s -> {
                    s.getSpec().setSelector(wanted.getSpec().getSelector());
                    s.getSpec().setPorts(wanted.getSpec().getPorts());
                    return s;
                }));
    }

    /** Whether {@code service}'s selector also matches the canary pods (every label it selects by, they carry). */
    static boolean reachesCanary(Service service, CanaryTarget target) {
        Map<String, String> selector = service == null || service.getSpec() == null
                ? null
                : service.getSpec().getSelector();
        return selector != null
                && !selector.isEmpty()
                && selector.entrySet().stream().allMatch(e -> e.getValue()
                        .equals(target.canaryPodLabels().get(e.getKey())));
    }

    /**
     * When Service {@code name}, which takes the stable share, also selects the canary pods: a note with the share the
     * canary really gets ({@code w + (100 - w) * c / (s + c)} %) and the fix. Empty when it reaches stable pods only.
     */
    List<String> stableReachingCanary(
            CanaryTarget target, String name, int weight, int stableReplicas, int canaryReplicas) {
        if (!reachesCanary(get(target.namespace(), name), target)) {
            return List.of();
        }
        double share = weight + (100 - weight) * (double) canaryReplicas / (stableReplicas + canaryReplicas);
        return List.of(String.format(
                Locale.ROOT,
                "service %s, which takes the stable %d%%, also selects the canary pods (they carry every label it"
                        + " selects by), so the canary gets about %.0f%% of requests at weight %d%% (%d stable and %d"
                        + " canary pods); to send exactly the weight, give the stable pods a label the canary pods do"
                        + " not carry: track: stable in the Deployment's pod template and the Service's selector, and"
                        + " target.canaryLabels: {track: canary}",
                name,
                100 - weight,
                share,
                weight,
                stableReplicas,
                canaryReplicas));
    }

    /** Deletes every Service this rollout created (no-op when there is none). */
    void deleteAll(CanaryTarget target) {
        KubeCalls.run("delete canary services of rollout " + target.rollout(), () -> kube.services()
                .inNamespace(target.namespace())
                .withLabelSelector(canarySelector(target))
                .delete());
    }

    /** Label selector for the canary objects of this rollout. */
    static String canarySelector(CanaryTarget target) {
        return Workloads.ROLLOUT_LABEL + "=" + target.rollout() + "," + Workloads.ROLE_LABEL + "="
                + Workloads.CANARY_ROLE;
    }

    private static Service canaryService(CanaryTarget target, Service stable) {
        Service s = new Service();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(canaryName(stable.getMetadata().getName()));
        meta.setNamespace(target.namespace());
        meta.setLabels(Workloads.canaryLabels(target.rollout()));
        s.setMetadata(meta);
        ServiceSpec spec = new ServiceSpec();
        // The stable selector with the canary pods' value of each label (target.canaryLabels, e.g. track: canary for
        // track: stable), and the canary labels: canary pods only.
        Map<String, String> selector = new LinkedHashMap<>();
        stable.getSpec()
                .getSelector()
                .forEach((k, v) -> selector.put(k, target.canaryPodLabels().getOrDefault(k, v)));
        selector.putAll(Workloads.canaryLabels(target.rollout()));
        spec.setSelector(selector);
        List<ServicePort> ports = new ArrayList<>();
        for (ServicePort p : stable.getSpec().getPorts() == null
                ? List.<ServicePort>of()
                : stable.getSpec().getPorts()) {
            ServicePort copy = new ServicePort();
            copy.setName(p.getName());
            copy.setPort(p.getPort());
            copy.setProtocol(p.getProtocol());
            copy.setTargetPort(p.getTargetPort());
            copy.setAppProtocol(p.getAppProtocol());
            ports.add(copy);
        }
        spec.setPorts(ports);
        spec.setType("ClusterIP");
        s.setSpec(spec);
        return s;
    }

    private static boolean samePorts(Service a, Service b) {
        List<ServicePort> pa = a.getSpec().getPorts();
        List<ServicePort> pb = b.getSpec().getPorts();
        if (pa == null || pb == null || pa.size() != pb.size()) {
            return pa == pb;
        }
        for (int i = 0; i < pa.size(); i++) {
            if (!Objects.equals(pa.get(i).getPort(), pb.get(i).getPort())
                    || !Objects.equals(pa.get(i).getTargetPort(), pb.get(i).getTargetPort())) {
                return false;
            }
        }
        return true;
    }

    /** Canary pods carry the weight on their own: {@code max(1, ceil(stable * w / 100))}, 0 for weight 0. */
    static int replicasCarrying(int stableReplicas, int weight) {
        if (weight <= 0) {
            return 0;
        }
        int w = Math.min(weight, 100);
        return Math.max(1, (int) Math.ceil(stableReplicas * w / 100.0));
    }
}
