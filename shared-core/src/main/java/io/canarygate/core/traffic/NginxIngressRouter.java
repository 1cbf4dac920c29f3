package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPath;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBackend;
import io.fabric8.kubernetes.api.model.networking.v1.IngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.IngressSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * NGINX Ingress canary ({@code traffic.router: nginx}): a canary Ingress {@code <ingress>-canary} with the stable
 * Ingress' hosts and paths, annotated {@code nginx.ingress.kubernetes.io/canary: "true"} and {@code canary-weight}, whose
 * backends are canary Services {@code <service>-canary} selecting the canary pods. With a header route, requests
 * carrying the header (and value) always reach the canary, whatever the weight.
 *
 * <p>The canary Service selects the stable Service's selector plus the canary labels, so it reaches canary pods only.
 * The stable Service's own selector also matches the canary pods (they keep the stable pod labels); with a canary
 * weight of {@code w} the canary's real share is therefore a little above {@code w} while canary pods run.
 */
public final class NginxIngressRouter implements TrafficRouter {
    public static final String PREFIX = "nginx.ingress.kubernetes.io/";
    public static final String CANARY = PREFIX + "canary";
    public static final String CANARY_WEIGHT = PREFIX + "canary-weight";
    public static final String CANARY_BY_HEADER = PREFIX + "canary-by-header";
    public static final String CANARY_BY_HEADER_VALUE = PREFIX + "canary-by-header-value";
    private static final String FIELD = "traffic.nginx.ingress";

    private final KubernetesClient kube;
    private final RouterSpec.NginxIngress spec;
    private final CanaryServices services;

    public NginxIngressRouter(KubernetesClient kube, RouterSpec.NginxIngress spec) {
        this.kube = kube;
        this.spec = spec;
        this.services = new CanaryServices(kube);
    }

    @Override
    public String kind() {
        return "nginx";
    }

    @Override
    public void check(CanaryTarget target) {
        Ingress stable = stableIngress(target);
        for (String service : backendServices(stable)) {
            Service s = service(target.namespace(), service);
            if (s == null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": ingress \"" + spec.ingress() + "\" routes to service \"" + service
                                + "\", which does not exist in namespace \"" + target.namespace()
                                + "\"; create the service or point the ingress at the stable one");
            }
            if (s.getSpec() == null
                    || s.getSpec().getSelector() == null
                    || s.getSpec().getSelector().isEmpty()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": service \"" + service + "\" (behind ingress \"" + spec.ingress()
                                + "\") has no selector, so no canary service can be derived from it; give it a"
                                + " pod selector such as app: " + target.stableDeployment());
            }
        }
    }

    @Override
    public List<String> notes(CanaryTarget target, int weight, int stableReplicas, int canaryReplicas) {
        List<String> notes = new ArrayList<>();
        for (String service : backendServices(stableIngress(target))) {
            notes.addAll(services.stableReachingCanary(target, service, weight, stableReplicas, canaryReplicas));
        }
        return notes;
    }

    @Override
    public void prepare(CanaryTarget target) {
        Ingress stable = stableIngress(target);
        Map<String, String> renamed = new LinkedHashMap<>();
        for (String service : backendServices(stable)) {
            Service s = service(target.namespace(), service);
            if (s == null) {
                check(target); // throws the INVALID_INPUT naming it
            }
            services.ensure(target, s);
            renamed.put(service, CanaryServices.canaryName(service));
        }
        Ingress existing = ownIngress(target);
        String weight = "0";
        if (existing != null && existing.getMetadata().getAnnotations() != null) {
            weight = existing.getMetadata().getAnnotations().getOrDefault(CANARY_WEIGHT, "0");
        }
        Ingress canary = canaryIngress(target, stable, renamed, weight);
        if (existing == null) {
            KubeCalls.run("create ingress " + target.namespace() + "/" + canaryIngressName(), () -> kube.network()
                    .v1()
                    .ingresses()
                    .inNamespace(target.namespace())
                    .resource(canary)
                    .create());
        } else {
            canary.getMetadata().setResourceVersion(existing.getMetadata().getResourceVersion());
            KubeCalls.run("update ingress " + target.namespace() + "/" + canaryIngressName(), () -> kube.network()
                    .v1()
                    .ingresses()
                    .inNamespace(target.namespace())
                    .resource(canary)
                    .update());
        }
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        Ingress existing = ownIngress(target);
        if (existing == null) {
            if (weight == 0) {
                return;
            }
            prepare(target);
        }
        KubeCalls.run(
                "set " + CANARY_WEIGHT + " on ingress " + target.namespace() + "/" + canaryIngressName(),
                () -> kube.network()
                        .v1()
                        .ingresses()
                        .inNamespace(target.namespace())
                        .withName(canaryIngressName())
                        .patch(
                                PatchContext.of(PatchType.JSON_MERGE),
                                "{\"metadata\":{\"annotations\":{\"" + CANARY_WEIGHT + "\":\"" + weight + "\"}}}"));
    }

    @Override
    public int weight(CanaryTarget target) {
        Ingress canary = ingress(target.namespace(), canaryIngressName());
        if (canary == null || canary.getMetadata().getAnnotations() == null) {
            return 0;
        }
        String w = canary.getMetadata().getAnnotations().get(CANARY_WEIGHT);
        if (w == null) {
            return 0;
        }
        try {
            return Integer.parseInt(w.strip());
        } catch (NumberFormatException e) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "ingress " + target.namespace() + "/" + canaryIngressName() + ": " + CANARY_WEIGHT + " is \"" + w
                            + "\", not a whole number; someone edited it by hand, deploy again to set it");
        }
    }

    @Override
    public void remove(CanaryTarget target) {
        String selector = CanaryServices.canarySelector(target);
        KubeCalls.run("delete canary ingress of rollout " + target.rollout(), () -> kube.network()
                .v1()
                .ingresses()
                .inNamespace(target.namespace())
                .withLabelSelector(selector)
                .delete());
        services.deleteAll(target);
    }

    /** Enough canary pods to carry the weight on their own: {@code max(1, ceil(stable * w / 100))}. */
    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        return CanaryServices.replicasCarrying(stableReplicas, weight);
    }

    /** The canary Ingress, null when absent; CONFLICT when an Ingress of that name is not this rollout's. */
    private Ingress ownIngress(CanaryTarget target) {
        Ingress existing = ingress(target.namespace(), canaryIngressName());
        if (existing == null) {
            return null;
        }
        Map<String, String> labels = existing.getMetadata().getLabels();
        if (labels == null || !target.rollout().equals(labels.get(Workloads.ROLLOUT_LABEL))) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "ingress " + target.namespace() + "/" + canaryIngressName() + " exists but was not created by"
                            + " rollout " + target.rollout()
                            + "; rename or delete it, Canary Gate will not touch an ingress it did not create");
        }
        return existing;
    }

    String canaryIngressName() {
        return spec.ingress() + Workloads.CANARY_SUFFIX;
    }

    private Ingress stableIngress(CanaryTarget target) {
        Ingress stable = ingress(target.namespace(), spec.ingress());
        if (stable == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": \"" + spec.ingress() + "\" not found in namespace \"" + target.namespace()
                            + "\"; check the name (kubectl get ingress -n " + target.namespace() + ")");
        }
        Map<String, String> annotations = stable.getMetadata().getAnnotations();
        if (annotations != null && "true".equals(annotations.get(CANARY))) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": \"" + spec.ingress() + "\" is itself a canary ingress (" + CANARY
                            + ": \"true\"); name the stable ingress that serves the host");
        }
        if (backendServices(stable).isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": \"" + spec.ingress() + "\" has no service backend; name an ingress whose paths route"
                            + " to the stable service");
        }
        return stable;
    }

    /** Every Service the Ingress routes to, default backend included. */
    static Set<String> backendServices(Ingress ingress) {
        Set<String> services = new LinkedHashSet<>();
        eachBackend(ingress.getSpec(), b -> {
            if (b.getService() != null && b.getService().getName() != null) {
                services.add(b.getService().getName());
            }
        });
        return services;
    }

    private static void eachBackend(IngressSpec spec, Consumer<IngressBackend> action) {
        if (spec == null) {
            return;
        }
        if (spec.getDefaultBackend() != null) {
            action.accept(spec.getDefaultBackend());
        }
        for (IngressRule rule : spec.getRules() == null ? List.<IngressRule>of() : spec.getRules()) {
            if (rule.getHttp() == null || rule.getHttp().getPaths() == null) {
                continue;
            }
            for (HTTPIngressPath path : rule.getHttp().getPaths()) {
                if (path.getBackend() != null) {
                    action.accept(path.getBackend());
                }
            }
        }
    }

    private Ingress canaryIngress(CanaryTarget target, Ingress stable, Map<String, String> renamed, String weight) {
        Ingress copy = kube.getKubernetesSerialization().clone(stable);
        ObjectMeta meta = new ObjectMeta();
        meta.setName(canaryIngressName());
        meta.setNamespace(target.namespace());
        meta.setLabels(Workloads.canaryLabels(target.rollout()));
        Map<String, String> annotations = new LinkedHashMap<>();
        Map<String, String> stableAnnotations = stable.getMetadata().getAnnotations();
        if (stableAnnotations != null && stableAnnotations.containsKey("kubernetes.io/ingress.class")) {
            annotations.put("kubernetes.io/ingress.class", stableAnnotations.get("kubernetes.io/ingress.class"));
        }
        annotations.put(CANARY, "true");
        annotations.put(CANARY_WEIGHT, weight);
        spec.header().ifPresent(h -> {
            annotations.put(CANARY_BY_HEADER, h.name());
            if (h.value() != null && !h.value().isBlank()) {
                annotations.put(CANARY_BY_HEADER_VALUE, h.value());
            }
        });
        meta.setAnnotations(annotations);
        copy.setMetadata(meta);
        copy.setStatus(null);
        eachBackend(copy.getSpec(), b -> {
            if (b.getService() != null && renamed.containsKey(b.getService().getName())) {
                b.getService().setName(renamed.get(b.getService().getName()));
            }
        });
        return copy;
    }

    private Ingress ingress(String namespace, String name) {
        return KubeCalls.call("get ingress " + namespace + "/" + name, () -> kube.network()
                .v1()
                .ingresses()
                .inNamespace(namespace)
                .withName(name)
                .get());
    }

    private Service service(String namespace, String name) {
        return services.get(namespace, name);
    }
}
