package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonNamespaceOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SMI TrafficSplit ({@code traffic.router: smi}), {@code split.smi-spec.io/v1alpha2}, the version Open Service Mesh and
 * Linkerd's SMI extension read. Canary Gate owns one TrafficSplit {@code <service>-canary} for the root Service
 * {@code service}: backends the stable Service (weight {@code 100 - w}) and the canary Service
 * {@code <stableService>-canary} (weight {@code w}). {@link #remove} deletes both, so the root Service routes as it
 * did before the rollout.
 *
 * <p>Two TrafficSplits for one root Service have no defined meaning, so the check refuses a root Service that another
 * TrafficSplit (not Canary Gate's) already splits.
 */
public final class SmiRouter implements TrafficRouter {
    /** The TrafficSplit version written. */
    public static final String API_VERSION = "split.smi-spec.io/v1alpha2";

    static final ResourceDefinitionContext TRAFFIC_SPLIT = new ResourceDefinitionContext.Builder()
            .withGroup("split.smi-spec.io")
            .withVersion("v1alpha2")
            .withKind("TrafficSplit")
            .withPlural("trafficsplits")
            .withNamespaced(true)
            .build();

    private static final String FIELD = "traffic.smi";

    private final KubernetesClient kube;
    private final RouterSpec.Smi spec;
    private final CanaryServices services;

    public SmiRouter(KubernetesClient kube, RouterSpec.Smi spec) {
        this.kube = kube;
        this.spec = spec;
        this.services = new CanaryServices(kube);
    }

    @Override
    public String kind() {
        return "smi";
    }

    @Override
    public void check(CanaryTarget target) {
        if (services.get(target.namespace(), spec.service()) == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ".service: root service \"" + spec.service() + "\" does not exist in namespace \""
                            + target.namespace() + "\"; name the Service clients call (kubectl get svc -n "
                            + target.namespace() + ")");
        }
        services.requireStable(
                FIELD + ".stableService", target.namespace(), spec.stableService(), "", target.stableDeployment());
        for (GenericKubernetesResource split : existingSplits(target)) {
            if (split.getMetadata().getName().equals(splitName())) {
                continue;
            }
            Object root = spec(split).get("service");
            if (spec.service().equals(root)) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".service: TrafficSplit \""
                                + split.getMetadata().getName() + "\" already splits"
                                + " service \"" + spec.service() + "\"; two splits of one root service conflict,"
                                + " delete that TrafficSplit or let Canary Gate own the split");
            }
        }
    }

    @Override
    public List<String> notes(CanaryTarget target, int weight, int stableReplicas, int canaryReplicas) {
        return services.stableReachingCanary(target, spec.stableService(), weight, stableReplicas, canaryReplicas);
    }

    @Override
    public void prepare(CanaryTarget target) {
        check(target);
        Service stable = services.get(target.namespace(), spec.stableService());
        services.ensure(target, stable);
        GenericKubernetesResource existing = find(target);
        if (existing != null) {
            requireOurs(target, existing);
            return;
        }
        GenericKubernetesResource split = new GenericKubernetesResource();
        split.setApiVersion(API_VERSION);
        split.setKind("TrafficSplit");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(splitName());
        meta.setNamespace(target.namespace());
        meta.setLabels(Workloads.canaryLabels(target.rollout()));
        split.setMetadata(meta);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", spec.service());
        body.put("backends", backends(0));
        split.setAdditionalProperty("spec", body);
        try {
            splits(target).resource(split).create();
        } catch (KubernetesClientException e) {
            if (!KubeCalls.isConflict(e)) {
                throw KubeCalls.failure("create TrafficSplit " + target.namespace() + "/" + splitName(), e);
            }
            requireOurs(target, find(target));
        }
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        GenericKubernetesResource split = find(target);
        if (split == null) {
            if (weight == 0) {
                return;
            }
            prepare(target);
        } else {
            requireOurs(target, split);
        }
        int w = Math.max(0, Math.min(100, weight));
        // A JSON patch replaces the list as a whole (the mock server appends lists given in a merge patch).
        String patch = Json.mapper()
                .createArrayNode()
                .add(Json.mapper()
                        .createObjectNode()
                        .put("op", "replace")
                        .put("path", "/spec/backends")
                        .set("value", Json.mapper().valueToTree(backends(w))))
                .toString();
        KubeCalls.run("set weights of TrafficSplit " + target.namespace() + "/" + splitName(), () -> split(target)
                .patch(PatchContext.of(PatchType.JSON), patch));
    }

    @Override
    public int weight(CanaryTarget target) {
        GenericKubernetesResource split = find(target);
        if (split == null) {
            return 0;
        }
        int canary = 0;
        int total = 0;
        Object backends = spec(split).get("backends");
        if (backends instanceof List<?> list) {
            for (Object b : list) {
                if (b instanceof Map<?, ?> backend && backend.get("weight") instanceof Number n) {
                    total += n.intValue();
                    if (canaryService().equals(backend.get("service"))) {
                        canary += n.intValue();
                    }
                }
            }
        }
        return total == 0 ? 0 : (int) Math.round(100.0 * canary / total);
    }

    @Override
    public void remove(CanaryTarget target) {
        GenericKubernetesResource split = find(target);
        if (split != null && isOurs(target, split)) {
            KubeCalls.run("delete TrafficSplit " + target.namespace() + "/" + splitName(), () -> split(target)
                    .delete());
        }
        services.deleteAll(target);
    }

    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        return CanaryServices.replicasCarrying(stableReplicas, weight);
    }

    private List<GenericKubernetesResource> existingSplits(CanaryTarget target) {
        try {
            return splits(target).list().getItems();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": this cluster does not serve TrafficSplit " + API_VERSION
                                + "; install the SMI TrafficSplit CRD (Open Service Mesh, or Linkerd's smi extension),"
                                + " or pick another traffic.router");
            }
            throw KubeCalls.failure("list TrafficSplits in namespace " + target.namespace(), e);
        }
    }

    String splitName() {
        return spec.service() + Workloads.CANARY_SUFFIX;
    }

    private String canaryService() {
        return CanaryServices.canaryName(spec.stableService());
    }

    private List<Map<String, Object>> backends(int weight) {
        List<Map<String, Object>> backends = new ArrayList<>();
        backends.add(backend(spec.stableService(), 100 - weight));
        backends.add(backend(canaryService(), weight));
        return backends;
    }

    private static Map<String, Object> backend(String service, int weight) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("service", service);
        b.put("weight", weight);
        return b;
    }

    private void requireOurs(CanaryTarget target, GenericKubernetesResource split) {
        if (!isOurs(target, split)) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "TrafficSplit " + target.namespace() + "/" + splitName() + " exists but was not created by rollout "
                            + target.rollout()
                            + "; rename or delete it, Canary Gate will not touch a TrafficSplit it did not create");
        }
    }

    private static boolean isOurs(CanaryTarget target, GenericKubernetesResource split) {
        Map<String, String> labels = split.getMetadata().getLabels();
        return labels != null && target.rollout().equals(labels.get(Workloads.ROLLOUT_LABEL));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        Object spec = r.getAdditionalProperties().get("spec");
        return spec instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private GenericKubernetesResource find(CanaryTarget target) {
        return KubeCalls.call("get TrafficSplit " + target.namespace() + "/" + splitName(), () -> split(target)
                .get());
    }

    private Resource<GenericKubernetesResource> split(CanaryTarget target) {
        return splits(target).withName(splitName());
    }

    private NonNamespaceOperation<
                    GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>>
            splits(CanaryTarget target) {
        return kube.genericKubernetesResources(TRAFFIC_SPLIT).inNamespace(target.namespace());
    }
}
