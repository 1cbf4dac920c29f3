package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteBuilder;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayApiRouterTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        kube.resources(HTTPRoute.class)
                .inNamespace("shop")
                .resource(new HTTPRouteBuilder()
                        .withNewMetadata()
                        .withName("checkout")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .addNewParentRef()
                        .withName("public")
                        .endParentRef()
                        .withHostnames("checkout.example.com")
                        .addNewRule()
                        .addNewMatch()
                        .withNewPath()
                        .withType("PathPrefix")
                        .withValue("/api")
                        .endPath()
                        .endMatch()
                        .addNewBackendRef()
                        .withName("checkout")
                        .withPort(80)
                        .endBackendRef()
                        .endRule()
                        .addNewRule()
                        .addNewBackendRef()
                        .withName("checkout")
                        .withPort(80)
                        .endBackendRef()
                        .endRule()
                        .endSpec()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void prepareAddsTheCanaryServiceToEveryStableRuleAtWeightZero() {
        GatewayApiRouter router = router(Optional.empty(), Optional.empty());
        CanaryTarget target = target(router);

        router.check(target);
        router.prepare(target);

        Service canary = service("checkout-canary");
        assertThat(canary.getSpec().getSelector())
                .containsEntry("app", "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary")
                .containsEntry(Workloads.ROLLOUT_LABEL, "checkout");
        assertThat(canary.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        for (HTTPRouteRule rule : route().getSpec().getRules()) {
            assertThat(weights(rule)).containsExactly("checkout=100", "checkout-canary=0");
            assertThat(rule.getBackendRefs().get(1).getPort()).isEqualTo(80);
        }
        assertThat(route().getSpec()
                        .getRules()
                        .get(0)
                        .getMatches()
                        .get(0)
                        .getPath()
                        .getValue())
                .isEqualTo("/api");
        assertThat(router.weight(target)).isZero();
    }

    @Test
    void weightsMoveFromZeroToTenToFiftyToAHundredAndBack() {
        GatewayApiRouter router = router(Optional.empty(), Optional.empty());
        CanaryTarget target = target(router);
        router.prepare(target);

        for (int w : new int[] {0, 10, 50, 100, 0}) {
            router.setWeight(target, w);
            for (HTTPRouteRule rule : route().getSpec().getRules()) {
                assertThat(weights(rule)).containsExactly("checkout=" + (100 - w), "checkout-canary=" + w);
            }
            assertThat(router.weight(target)).isEqualTo(w);
        }
    }

    @Test
    void repeatingPrepareAndSetWeightChangesNothing() {
        GatewayApiRouter router = router(Optional.empty(), Optional.of(new RouterSpec.HeaderRoute("X-Canary", "on")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 25);
        HTTPRoute once = route();

        router.prepare(target);
        router.setWeight(target, 25);

        assertThat(route().getSpec()).isEqualTo(once.getSpec());
        assertThat(route().getSpec().getRules()).hasSize(3);
        assertThat(router.weight(target)).isEqualTo(25);
    }

    @Test
    void setWeightBeforePrepareAddsTheCanaryBackend() {
        GatewayApiRouter router = router(Optional.empty(), Optional.empty());
        CanaryTarget target = target(router);

        router.setWeight(target, 0);
        assertThat(service("checkout-canary")).isNull();
        assertThat(weights(route().getSpec().getRules().get(0))).containsExactly("checkout=null");

        router.setWeight(target, 10);
        assertThat(weights(route().getSpec().getRules().get(0))).containsExactly("checkout=90", "checkout-canary=10");
        assertThat(service("checkout-canary")).isNotNull();
    }

    @Test
    void onlyTheNamedRuleIsSplit() {
        GatewayApiRouter router = router(Optional.of(1), Optional.empty());
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 50);

        assertThat(weights(route().getSpec().getRules().get(0))).containsExactly("checkout=null");
        assertThat(weights(route().getSpec().getRules().get(1))).containsExactly("checkout=50", "checkout-canary=50");
        assertThat(router.weight(target)).isEqualTo(50);
    }

    @Test
    void headerRouteSendsMarkedRequestsToTheCanaryOnly() {
        GatewayApiRouter router = router(Optional.of(0), Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 10);

        List<HTTPRouteRule> rules = route().getSpec().getRules();
        assertThat(rules).hasSize(3);
        HTTPRouteRule header = rules.get(2);
        assertThat(weights(header)).containsExactly("checkout-canary=null");
        var match = header.getMatches().get(0);
        assertThat(match.getPath().getValue()).isEqualTo("/api");
        assertThat(match.getHeaders()).singleElement().satisfies(h -> {
            assertThat(h.getName()).isEqualTo("X-Canary");
            assertThat(h.getValue()).isEqualTo("always");
            assertThat(h.getType()).isEqualTo("Exact");
        });
        assertThat(weights(rules.get(0))).containsExactly("checkout=90", "checkout-canary=10");
        assertThat(router.weight(target)).isEqualTo(10);
    }

    @Test
    void removeSendsEverythingBackToStableAndDeletesTheCanaryService() {
        GatewayApiRouter router = router(Optional.empty(), Optional.of(new RouterSpec.HeaderRoute("X-Canary", "on")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 50);

        router.remove(target);

        List<HTTPRouteRule> rules = route().getSpec().getRules();
        assertThat(rules).hasSize(2);
        for (HTTPRouteRule rule : rules) {
            assertThat(weights(rule)).containsExactly("checkout=100");
        }
        assertThat(service("checkout-canary")).isNull();
        assertThat(service("checkout")).isNotNull();
        assertThat(router.weight(target)).isZero();
        router.remove(target);
        router.setWeight(target, 0);
        assertThat(route().getSpec().getRules()).hasSize(2);
        assertThat(service("checkout-canary")).isNull();
    }

    @Test
    void checkNamesAMissingHttpRoute() {
        GatewayApiRouter router = new GatewayApiRouter(
                kube, new RouterSpec.GatewayApi("shop-web", Optional.empty(), "checkout", Optional.empty()));

        assertInvalid(
                () -> router.check(target(router)),
                "traffic.gatewayApi.httpRoute: \"shop-web\" not found in namespace \"shop\"; name the HTTPRoute whose"
                        + " rule sends traffic to the stable Service (kubectl get httproute -n shop)");
    }

    @Test
    void checkNamesAStableServiceTheRouteDoesNotUse() {
        GatewayApiRouter router = new GatewayApiRouter(
                kube, new RouterSpec.GatewayApi("checkout", Optional.empty(), "payments", Optional.empty()));

        assertInvalid(
                () -> router.check(target(router)),
                "traffic.gatewayApi.stableService: HTTPRoute \"checkout\" in namespace \"shop\" has no rule whose"
                        + " backendRefs include service \"payments\"; name the Service the route sends traffic to");
    }

    @Test
    void checkNamesAMissingStableServiceBeforeAnythingChanges() {
        kube.services().inNamespace("shop").withName("checkout").delete();
        GatewayApiRouter router = router(Optional.empty(), Optional.empty());
        HTTPRoute before = route();

        assertInvalid(
                () -> router.prepare(target(router)),
                "traffic.gatewayApi.stableService: service \"checkout\" (behind HTTPRoute \"checkout\") does not"
                        + " exist in namespace \"shop\"");
        assertThat(route()).isEqualTo(before);
        assertThat(service("checkout-canary")).isNull();
    }

    @Test
    void checkRefusesARuleOutOfRangeOrSharedWithAnotherBackend() {
        GatewayApiRouter outOfRange = router(Optional.of(2), Optional.empty());
        assertInvalid(
                () -> outOfRange.check(target(outOfRange)),
                "traffic.gatewayApi.rule: 2 is out of range: HTTPRoute \"checkout\" has 2 rule(s)");

        kube.resources(HTTPRoute.class).inNamespace("shop").withName("checkout").edit(r -> {
            HTTPBackendRef other = new HTTPBackendRef();
            other.setName("checkout-legacy");
            other.setWeight(5);
            r.getSpec().getRules().get(1).getBackendRefs().add(other);
            return r;
        });
        GatewayApiRouter shared = router(Optional.empty(), Optional.empty());
        assertInvalid(
                () -> shared.check(target(shared)),
                "traffic.gatewayApi.httpRoute: rule 1 of HTTPRoute \"checkout\" also sends traffic to"
                        + " \"checkout-legacy\"");
    }

    @Test
    void notesTheStableServiceOnlyWhileItAlsoSelectsTheCanaryPods() {
        GatewayApiRouter router = router(Optional.empty(), Optional.empty());
        assertThat(router.notes(target(router), 50, 4, 2))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .contains("service checkout, which takes the stable 50%, also selects the canary pods")
                .contains("the canary gets about 67% of requests at weight 50% (4 stable and 2 canary pods)");

        stable = cluster.labelStablePods("shop", "checkout", "track", "stable");
        CanaryTarget tracked = new Workloads(kube).target("checkout", stable, Map.of("track", "canary"));
        router.prepare(tracked);

        assertThat(router.notes(tracked, 50, 4, 2)).isEmpty();
        assertThat(service("checkout-canary").getSpec().getSelector()).containsEntry("track", "canary");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    private static List<String> weights(HTTPRouteRule rule) {
        return rule.getBackendRefs().stream()
                .map(b -> b.getName() + "=" + b.getWeight())
                .toList();
    }

    private GatewayApiRouter router(Optional<Integer> rule, Optional<RouterSpec.HeaderRoute> header) {
        return new GatewayApiRouter(kube, new RouterSpec.GatewayApi("checkout", rule, "checkout", header));
    }

    private CanaryTarget target(TrafficRouter router) {
        return new Workloads(kube).target("checkout", stable, Map.of());
    }

    private HTTPRoute route() {
        return kube.resources(HTTPRoute.class)
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    private Service service(String name) {
        return kube.services().inNamespace("shop").withName(name).get();
    }
}
