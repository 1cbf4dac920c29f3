package io.canarygate.testkit;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Discovery documents for the mock, which serves none: {@code /version}, {@code /api}, {@code /api/v1}, {@code /apis}
 * and {@code /apis/<group>/<version>} for the kinds Canary Gate uses. kubectl needs them (it asks before every
 * command, with {@code ?timeout=32s}; the mock matches path and query exactly, so both forms are registered).
 */
final class Discovery {
    private static final List<String> VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    private Discovery() {}

    static void register(KubernetesMockServer server, VersionInfo version) {
        Map<String, Object> documents = new LinkedHashMap<>();
        documents.put("/version", version);
        documents.put("/api", new APIVersionsBuilder().withVersions("v1").build());
        documents.put(
                "/api/v1",
                list(
                        "v1",
                        resource("namespaces", "namespace", "Namespace", false, "ns"),
                        resource("pods", "pod", "Pod", true, "po"),
                        resource("services", "service", "Service", true, "svc"),
                        resource("endpoints", "endpoints", "Endpoints", true, "ep"),
                        resource("configmaps", "configmap", "ConfigMap", true, "cm"),
                        resource("secrets", "secret", "Secret", true),
                        resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                        resource("events", "event", "Event", true, "ev")));
        Map<String, List<APIResource>> groups = new LinkedHashMap<>();
        groups.put(
                "apps/v1",
                List.of(
                        resource("deployments", "deployment", "Deployment", true, "deploy"),
                        subresource("deployments/status", "Deployment", List.of("get", "patch", "update")),
                        subresource("deployments/scale", "Scale", List.of("get", "patch", "update")),
                        resource("replicasets", "replicaset", "ReplicaSet", true, "rs"),
                        resource("statefulsets", "statefulset", "StatefulSet", true, "sts"),
                        resource("daemonsets", "daemonset", "DaemonSet", true, "ds")));
        groups.put("coordination.k8s.io/v1", List.of(resource("leases", "lease", "Lease", true)));
        groups.put(
                "networking.k8s.io/v1",
                List.of(
                        resource("ingresses", "ingress", "Ingress", true, "ing"),
                        resource("ingressclasses", "ingressclass", "IngressClass", false)));
        groups.put("events.k8s.io/v1", List.of(resource("events", "event", "Event", true, "ev")));
        groups.put(
                "gateway.networking.k8s.io/v1",
                List.of(
                        resource("httproutes", "httproute", "HTTPRoute", true),
                        resource("gateways", "gateway", "Gateway", true, "gtw")));
        List<APIGroup> apiGroups = new ArrayList<>();
        for (Map.Entry<String, List<APIResource>> g : groups.entrySet()) {
            String gv = g.getKey();
            String group = gv.substring(0, gv.indexOf('/'));
            String v = gv.substring(gv.indexOf('/') + 1);
            var discovery = new GroupVersionForDiscoveryBuilder()
                    .withGroupVersion(gv)
                    .withVersion(v)
                    .build();
            apiGroups.add(new APIGroupBuilder()
                    .withName(group)
                    .withVersions(discovery)
                    .withPreferredVersion(discovery)
                    .build());
            documents.put("/apis/" + gv, list(gv, g.getValue().toArray(APIResource[]::new)));
        }
        documents.put("/apis", new APIGroupListBuilder().withGroups(apiGroups).build());

        for (Map.Entry<String, Object> doc : documents.entrySet()) {
            for (String path : List.of(doc.getKey(), doc.getKey() + "?timeout=32s")) {
                server.expect()
                        .get()
                        .withPath(path)
                        .andReturn(200, doc.getValue())
                        .always();
            }
        }
        for (String openapi : List.of("/openapi/v2", "/openapi/v3")) {
            for (String path : List.of(openapi, openapi + "?timeout=32s")) {
                server.expect().get().withPath(path).andReturn(404, "").always();
            }
        }
    }

    private static Object list(String groupVersion, APIResource... resources) {
        return new APIResourceListBuilder()
                .withGroupVersion(groupVersion)
                .withResources(resources)
                .build();
    }

    private static APIResource resource(
            String plural, String singular, String kind, boolean namespaced, String... shortNames) {
        return new APIResourceBuilder()
                .withName(plural)
                .withSingularName(singular)
                .withKind(kind)
                .withNamespaced(namespaced)
                .withVerbs(VERBS)
                .withShortNames(shortNames)
                .build();
    }

    private static APIResource subresource(String name, String kind, List<String> verbs) {
        return new APIResourceBuilder()
                .withName(name)
                .withSingularName("")
                .withKind(kind)
                .withNamespaced(true)
                .withVerbs(verbs)
                .build();
    }
}
