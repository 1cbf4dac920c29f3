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
import java.util.Map;
import java.util.Objects;

/**
 * Canary Services for routers that split traffic between two Services (NGINX Ingress, Gateway API, SMI): for a stable
 * Service {@code s}, {@code s-canary} with the same ports, selecting the stable selector plus the canary labels, so it
 * reaches the canary pods only. Labelled with the rollout, so {@link #deleteAll} finds them; a Service of that name
 * not created by the rollout is never touched.
 */
final class CanaryServices {
    private final KubernetesClient kube;

    CanaryServices(KubernetesClient kube) {
        this.kube = kube;
    }

    /** {@code <service>-canary}. */
    static String canaryName(String service) {
        return service + Workloads.CANARY_SUFFIX;
    }

    /** The Service, or null when absent. */
    Service get(String namespace, String name) {
        return KubeCalls.call(
                "get service " + namespace + "/" + name,
                () -> kube.services().inNamespace(namespace).withName(name).get());
    }

    /** Creates the canary Service for {@code stable}, or brings its selector and ports in line. */
    void ensure(CanaryTarget target, Service stable) {
        Service wanted = canaryService(target, stable);
        String ns = target.namespace();
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
                if (existing == null) {
                    throw KubeCalls.failure("create service " + ns + "/" + name, e);
                }
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
        KubeCalls.run(
                "update service " + ns + "/" + name,
                () -> kube.services().inNamespace(ns).withName(name).edit(s -> {
                    s.getSpec().setSelector(wanted.getSpec().getSelector());
                    s.getSpec().setPorts(wanted.getSpec().getPorts());
                    return s;
                }));
    }

    /** Deletes every canary Service of the rollout. */
    void deleteAll(CanaryTarget target) {
        KubeCalls.run("delete canary services of rollout " + target.rollout(), () -> kube.services()
                .inNamespace(target.namespace())
                .withLabelSelector(selector(target))
                .delete());
    }

    /** {@code canarygate.io/rollout=<rollout>,canarygate.io/role=canary}. */
    static String selector(CanaryTarget target) {
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
        Map<String, String> selector = new LinkedHashMap<>(stable.getSpec().getSelector());
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
}
