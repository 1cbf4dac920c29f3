package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IstioRouterTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        GenericKubernetesResource vs = new GenericKubernetesResource();
        vs.setApiVersion("networking.istio.io/v1beta1");
        vs.setKind("VirtualService");
        ObjectMeta meta = new ObjectMeta();
        meta.setName("checkout");
        meta.setNamespace("shop");
        vs.setMetadata(meta);
        vs.setAdditionalProperty(
                "spec",
                Map.of(
                        "hosts",
                        List.of("checkout.example.com"),
                        "gateways",
                        List.of("public"),
                        "http",
                        List.of(
                                Map.of(
                                        "name",
                                        "api",
                                        "match",
                                        List.of(Map.of("uri", Map.of("prefix", "/api"))),
                                        "route",
                                        List.of(Map.of(
                                                "destination",
                                                Map.of(
                                                        "host",
                                                        "checkout.shop.svc.cluster.local",
                                                        "port",
                                                        Map.of("number", 80))))),
                                Map.of(
                                        "name",
                                        "primary",
                                        "route",
                                        List.of(Map.of("destination", Map.of("host", "checkout")))))));
        kube.genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
                .inNamespace("shop")
                .resource(vs)
                .create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void prepareAddsTheCanaryHostToEveryStableRouteAtWeightZero() {
        IstioRouter router = router(Optional.empty(), Optional.empty());
        CanaryTarget target = target(router);

        router.check(target);
        router.prepare(target);

        assertThat(destinations("api"))
                .containsExactly("checkout.shop.svc.cluster.local=100", "checkout-canary.shop.svc.cluster.local=0");
        assertThat(destinations("primary")).containsExactly("checkout=100", "checkout-canary=0");
        Map<String, Object> canary = asMap(route("api").get(1).get("destination"));
        assertThat(canary).containsEntry("port", Map.of("number", 80));
        Service service = service("checkout-canary");
        assertThat(service.getSpec().getSelector())
                .containsEntry("app", "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary");
        assertThat(router.weight(target)).isZero();
    }

    @Test
    void weightsMoveFromZeroToTenToFiftyToAHundredAndBack() {
        IstioRouter router = router(Optional.empty(), Optional.empty());
        CanaryTarget target = target(router);
        router.prepare(target);

        for (int w : new int[] {0, 10, 50, 100, 0}) {
            router.setWeight(target, w);
            assertThat(destinations("primary")).containsExactly("checkout=" + (100 - w), "checkout-canary=" + w);
            assertThat(destinations("api"))
                    .containsExactly(
                            "checkout.shop.svc.cluster.local=" + (100 - w),
                            "checkout-canary.shop.svc.cluster.local=" + w);
            assertThat(router.weight(target)).isEqualTo(w);
        }
    }

    @Test
    void repeatingPrepareAndSetWeightChangesNothing() {
        IstioRouter router = router(Optional.empty(), Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always")));
        CanaryTarget target = target(router);
        router.setWeight(target, 0);
        assertThat(service("checkout-canary")).isNull();

        router.setWeight(target, 25);
        Object once = spec();
        router.prepare(target);
        router.setWeight(target, 25);

        assertThat(spec()).isEqualTo(once);
        assertThat(httpNames()).containsExactly("canarygate-header-checkout", "api", "primary");
        assertThat(router.weight(target)).isEqualTo(25);
    }

    @Test
    void onlyTheNamedRouteIsSplitAndTheHeaderRouteComesFirst() {
        IstioRouter router = router(Optional.of("api"), Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 10);

        assertThat(destinations("primary")).containsExactly("checkout=null");
        assertThat(destinations("api"))
                .containsExactly("checkout.shop.svc.cluster.local=90", "checkout-canary.shop.svc.cluster.local=10");
        assertThat(httpNames()).containsExactly("canarygate-header-checkout", "api", "primary");
        assertThat(destinations("canarygate-header-checkout"))
                .containsExactly("checkout-canary.shop.svc.cluster.local=null");
        Map<String, Object> header = http().get(0);
        assertThat(header.get("match"))
                .isEqualTo(List.of(Map.of(
                        "uri", Map.of("prefix", "/api"), "headers", Map.of("x-canary", Map.of("exact", "always")))));
    }

    @Test
    void removeSendsEverythingBackToStableAndDeletesTheCanaryService() {
        IstioRouter router = router(Optional.empty(), Optional.of(new RouterSpec.HeaderRoute("x-canary", "always")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 50);

        router.remove(target);

        assertThat(httpNames()).containsExactly("api", "primary");
        assertThat(destinations("api")).containsExactly("checkout.shop.svc.cluster.local=100");
        assertThat(destinations("primary")).containsExactly("checkout=100");
        assertThat(service("checkout-canary")).isNull();
        assertThat(router.weight(target)).isZero();
        router.remove(target);
        router.setWeight(target, 0);
        assertThat(httpNames()).containsExactly("api", "primary");
    }

    @Test
    void checkNamesAMissingVirtualServiceOrRoute() {
        IstioRouter noVs =
                new IstioRouter(kube, new RouterSpec.Istio("shop-web", Optional.empty(), "checkout", Optional.empty()));
        assertInvalid(
                () -> noVs.check(target(noVs)),
                "traffic.istio.virtualService: \"shop-web\" not found in namespace \"shop\"; name the VirtualService"
                        + " whose HTTP route sends traffic to the stable Service (kubectl get virtualservice -n shop)");

        IstioRouter noRoute = router(Optional.of("canary"), Optional.empty());
        assertInvalid(
                () -> noRoute.check(target(noRoute)),
                "traffic.istio.route: VirtualService \"checkout\" has no HTTP route named \"canary\"; its routes are"
                        + " named api, primary");

        IstioRouter otherService =
                new IstioRouter(kube, new RouterSpec.Istio("checkout", Optional.empty(), "payments", Optional.empty()));
        assertInvalid(
                () -> otherService.check(target(otherService)),
                "traffic.istio.stableService: VirtualService \"checkout\" in namespace \"shop\" has no HTTP route with"
                        + " a destination host of service \"payments\"");
    }

    @Test
    void checkNamesAMissingStableServiceBeforeAnythingChanges() {
        kube.services().inNamespace("shop").withName("checkout").delete();
        IstioRouter router = router(Optional.empty(), Optional.empty());
        Object before = spec();

        assertInvalid(
                () -> router.prepare(target(router)),
                "traffic.istio.stableService: service \"checkout\" (behind VirtualService \"checkout\") does not exist");
        assertThat(spec()).isEqualTo(before);
        assertThat(service("checkout-canary")).isNull();
    }

    @Test
    void checkRefusesARouteSharedWithAnotherDestination() {
        kube.genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
                .inNamespace("shop")
                .withName("checkout")
                .edit(vs -> {
                    List<Map<String, Object>> dests = new ArrayList<>(route("primary", vs));
                    dests.add(Map.of("destination", Map.of("host", "checkout-legacy"), "weight", 5));
                    http(vs).get(1).put("route", dests);
                    return vs;
                });
        IstioRouter router = router(Optional.empty(), Optional.empty());

        assertInvalid(
                () -> router.check(target(router)),
                "traffic.istio.virtualService: HTTP route \"primary\" of VirtualService \"checkout\" also sends traffic"
                        + " to \"checkout-legacy\"");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    private IstioRouter router(Optional<String> route, Optional<RouterSpec.HeaderRoute> header) {
        return new IstioRouter(kube, new RouterSpec.Istio("checkout", route, "checkout", header));
    }

    private CanaryTarget target(TrafficRouter router) {
        return new Workloads(kube).target("checkout", stable, Map.of());
    }

    private GenericKubernetesResource vs() {
        return kube.genericKubernetesResources(IstioRouter.VIRTUAL_SERVICE)
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    private Object spec() {
        return vs().getAdditionalProperties().get("spec");
    }

    private List<Map<String, Object>> http() {
        return http(vs());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> http(GenericKubernetesResource vs) {
        return (List<Map<String, Object>>)
                asMap(vs.getAdditionalProperties().get("spec")).get("http");
    }

    private List<String> httpNames() {
        return http().stream().map(r -> String.valueOf(r.get("name"))).toList();
    }

    private List<Map<String, Object>> route(String name) {
        return route(name, vs());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> route(String name, GenericKubernetesResource vs) {
        return (List<Map<String, Object>>) http(vs).stream()
                .filter(r -> name.equals(r.get("name")))
                .findFirst()
                .orElseThrow()
                .get("route");
    }

    private List<String> destinations(String name) {
        return route(name).stream()
                .map(d -> asMap(d.get("destination")).get("host") + "=" + d.get("weight"))
                .toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private Service service(String name) {
        return kube.services().inNamespace("shop").withName(name).get();
    }
}
