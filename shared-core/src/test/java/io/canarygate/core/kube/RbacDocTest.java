package io.canarygate.core.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.testkit.ArgoRolloutController;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Role in docs/kubernetes.md honest: every request a full rollout makes (deploy, weight changes, rollback,
 * deploy again, promote; with each traffic router) must be allowed by it, and the Role grants nothing that no request
 * needed.
 */
class RbacDocTest {
    private static final Pattern NAMESPACED =
            Pattern.compile("^/(?:api/v1|apis/([^/]+)/[^/]+)/namespaces/[^/]+/([^/?]+)(/[^/?]+)?(/[^/?]+)?(\\?.*)?$");

    /** Needed, but not by a short rollout: renewing a held lease, and re-aligning a canary Service. */
    private static final Set<String> NOT_PROVOKED = Set.of("coordination.k8s.io/leases:update", "/services:patch");

    @Test
    void theDocumentedRoleAllowsEveryRequestOfARolloutAndNothingMore() throws Exception {
        Set<String> granted = documentedRole();
        Set<String> used = new TreeSet<>();
        for (String router : new String[] {"replicas", "nginx", "gateway-api", "istio", "argo-rollout"}) {
            used.addAll(requestsOfARollout(router));
        }

        assertThat(granted).as("the Role in docs/kubernetes.md").containsAll(used);
        Set<String> needed = new TreeSet<>(used);
        needed.addAll(NOT_PROVOKED);
        assertThat(needed).as("requests a rollout made, and " + NOT_PROVOKED).containsAll(granted);
    }

    /** group/resource:verb for every request of deploy 10 → 50 → rollback → deploy 10 → promote. */
    private static Set<String> requestsOfARollout(String router) throws Exception {
        try (MockCluster cluster = MockCluster.start();
                SystemScheduler scheduler = new SystemScheduler(2);
                ArgoRolloutController argo = ArgoRolloutController.start(cluster.client())) {
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
            ArgoRolloutController.createRollout(
                    cluster.client(),
                    "shop",
                    "checkout",
                    "acme/checkout:1.3.0",
                    2,
                    List.of(
                            Map.of("setWeight", 10),
                            Map.of("pause", Map.of()),
                            Map.of("setWeight", 50),
                            Map.of("pause", Map.of())));
            cluster.client()
                    .genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                    .inNamespace("shop")
                    .withName("checkout")
                    .waitUntilCondition(r -> r.getAdditionalProperties().get("status") != null, 30, TimeUnit.SECONDS);
            cluster.client()
                    .resources(HTTPRoute.class)
                    .inNamespace("shop")
                    .resource(new HTTPRouteBuilder()
                            .withNewMetadata()
                            .withName("checkout")
                            .endMetadata()
                            .withNewSpec()
                            .addNewRule()
                            .addNewBackendRef()
                            .withName("checkout")
                            .withPort(80)
                            .endBackendRef()
                            .endRule()
                            .endSpec()
                            .build())
                    .create();
            GenericKubernetesResource vs = new GenericKubernetesResource();
            vs.setApiVersion("networking.istio.io/v1beta1");
            vs.setKind("VirtualService");
            vs.setMetadata(new ObjectMetaBuilder()
                    .withName("checkout")
                    .withNamespace("shop")
                    .build());
            vs.setAdditionalProperty(
                    "spec",
                    Map.of(
                            "hosts",
                            List.of("checkout.example.com"),
                            "http",
                            List.of(Map.of(
                                    "name",
                                    "primary",
                                    "route",
                                    List.of(Map.of("destination", Map.of("host", "checkout")))))));
            cluster.client()
                    .genericKubernetesResources(new ResourceDefinitionContext.Builder()
                            .withGroup("networking.istio.io")
                            .withVersion("v1beta1")
                            .withKind("VirtualService")
                            .withPlural("virtualservices")
                            .withNamespaced(true)
                            .build())
                    .inNamespace("shop")
                    .resource(vs)
                    .create();
            cluster.awaitReady("shop", "checkout");
            while (cluster.server().takeRequest(10, TimeUnit.MILLISECONDS) != null) {
                // Setup requests are not the rollout's.
            }
            String traffic =
                    switch (router) {
                        case "nginx" ->
                            "traffic: {router: nginx, nginx: {ingress: checkout, header: {name: X-Canary,"
                                    + " value: always}}}\n";
                        case "gateway-api" ->
                            "traffic: {router: gateway-api, gatewayApi: {httpRoute: checkout,"
                                    + " stableService: checkout}}\n";
                        case "istio" ->
                            "traffic: {router: istio, istio: {virtualService: checkout, route: primary,"
                                    + " stableService: checkout}}\n";
                        case "argo-rollout" -> "traffic: {router: argo-rollout, argoRollout: {rollout: checkout}}\n";
                        default -> "";
                    };
            RolloutSpec spec = SpecLoader.parse(
                    "target: {namespace: shop, deployment: checkout, image: acme/checkout:1.4.0}\nreadyTimeout: 20s\n"
                            + traffic,
                    "canary.yaml",
                    Map.of());
            CanaryEngine engine = new CanaryEngine(new EngineContext(
                    cluster.client(),
                    scheduler,
                    MetricSources.defaultFactory(),
                    SecretResolver.of(Map.of()),
                    new Trigger("cli", "rbac", null, null),
                    RolloutListener.NONE,
                    EngineContext.DEFAULT_LEASE_DURATION));
            CanaryEngine.await(engine.deploy(spec, 10));
            CanaryEngine.await(engine.deploy(spec, 50));
            CanaryEngine.await(engine.rollback(spec, "rbac test", RollbackMode.IMMEDIATE));
            CanaryEngine.await(engine.deploy(spec, 10));
            CanaryEngine.await(engine.promote(spec));

            Set<String> used = new HashSet<>();
            RecordedRequest r;
            while ((r = cluster.server().takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
                String rule = rule(r.getMethod(), r.getPath());
                if (rule != null) {
                    used.add(rule);
                }
            }
            return used;
        }
    }

    /** {@code apps/deployments:patch}; null for the mock controller's own requests. */
    static String rule(String method, String path) {
        if (path.startsWith("/apis/apps/v1/deployments") || path.startsWith("/apis/argoproj.io/v1alpha1/rollouts")) {
            return null; // the controllers' cluster-wide lists and watch
        }
        if (method.equals("PUT") && path.startsWith("/apis/argoproj.io/v1alpha1/namespaces/")) {
            return null; // the Argo controller writing status (Canary Gate only patches a Rollout)
        }
        Matcher m = NAMESPACED.matcher(path);
        if (!m.matches()) {
            throw new AssertionError("unexpected request " + method + " " + path);
        }
        String group = m.group(1) == null ? "" : m.group(1);
        String resource = m.group(2);
        boolean named = m.group(3) != null;
        if (m.group(4) != null) {
            if (resource.equals("deployments") && m.group(4).equals("/status")) {
                return null; // the controller writing status
            }
            resource = resource + m.group(4);
        }
        String query = m.group(5) == null ? "" : m.group(5);
        String verb =
                switch (method) {
                    case "GET" -> named ? "get" : query.contains("watch=true") ? "watch" : "list";
                    case "POST" -> "create";
                    case "PUT" -> "update";
                    case "PATCH" -> "patch";
                    case "DELETE" -> named ? "delete" : "deletecollection";
                    default -> throw new AssertionError("unexpected method " + method + " " + path);
                };
        return group + "/" + resource + ":" + verb;
    }

    /** The Role's rules as group/resource:verb. */
    private static Set<String> documentedRole() throws Exception {
        String doc = Files.readString(repositoryRoot().resolve("docs/kubernetes.md"));
        Matcher block = Pattern.compile("```yaml\n(.*?)```", Pattern.DOTALL).matcher(doc);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        while (block.find()) {
            for (JsonNode object : yaml.readerFor(JsonNode.class)
                    .<JsonNode>readValues(block.group(1))
                    .readAll()) {
                if (!"Role".equals(object.path("kind").asText())) {
                    continue;
                }
                Set<String> granted = new TreeSet<>();
                for (JsonNode rule : object.path("rules")) {
                    for (JsonNode group : rule.path("apiGroups")) {
                        for (JsonNode resource : rule.path("resources")) {
                            for (JsonNode verb : rule.path("verbs")) {
                                granted.add(group.asText() + "/" + resource.asText() + ":" + verb.asText());
                            }
                        }
                    }
                }
                return granted;
            }
        }
        throw new AssertionError("docs/kubernetes.md has no ```yaml block with a Role");
    }

    private static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root above the working directory").isNotNull();
        return dir;
    }
}
