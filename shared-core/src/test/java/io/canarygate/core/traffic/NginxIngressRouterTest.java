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
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NginxIngressRouterTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void canaryIngressAndServiceAreDerivedFromTheStableOnes() {
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = target(router);
        Ingress stableIngress = ingress("checkout");
        Service stableService = service("checkout");

        router.check(target);
        router.prepare(target);

        Service canaryService = service("checkout-canary");
        assertThat(canaryService.getSpec().getSelector())
                .containsEntry("app", "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary")
                .containsEntry(Workloads.ROLLOUT_LABEL, "checkout");
        assertThat(target.canaryPodLabels())
                .containsAllEntriesOf(canaryService.getSpec().getSelector());
        assertThat(canaryService.getSpec().getPorts().get(0).getPort()).isEqualTo(80);
        assertThat(canaryService.getSpec().getPorts().get(0).getTargetPort().getStrVal())
                .isEqualTo("http");

        Ingress canary = ingress("checkout-canary");
        assertThat(canary.getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/canary", "true")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "0")
                .doesNotContainKey("nginx.ingress.kubernetes.io/canary-by-header");
        assertThat(canary.getSpec().getIngressClassName()).isEqualTo("nginx");
        var rule = canary.getSpec().getRules().get(0);
        assertThat(rule.getHost()).isEqualTo("checkout.example.com");
        assertThat(rule.getHttp().getPaths().get(0).getPath()).isEqualTo("/");
        assertThat(rule.getHttp().getPaths().get(0).getBackend().getService().getName())
                .isEqualTo("checkout-canary");
        assertThat(rule.getHttp()
                        .getPaths()
                        .get(0)
                        .getBackend()
                        .getService()
                        .getPort()
                        .getNumber())
                .isEqualTo(80);
        assertThat(router.weight(target)).isZero();

        // The stable Ingress and Service are untouched.
        assertThat(ingress("checkout")).isEqualTo(stableIngress);
        assertThat(service("checkout")).isEqualTo(stableService);
    }

    @Test
    void weightsStepUpThroughTheCanaryWeightAnnotation() {
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = target(router);
        router.prepare(target);

        for (int w : new int[] {10, 25, 50, 100}) {
            router.setWeight(target, w);
            assertThat(ingress("checkout-canary").getMetadata().getAnnotations())
                    .containsEntry("nginx.ingress.kubernetes.io/canary-weight", String.valueOf(w));
            assertThat(router.weight(target)).isEqualTo(w);
        }
        // Re-running prepare (a deploy resumed after a crash) keeps the weight in force.
        router.prepare(target);
        assertThat(router.weight(target)).isEqualTo(100);
    }

    @Test
    void headerRouteSendsMarkedRequestsToTheCanary() {
        NginxIngressRouter router = router(Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always")));
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 10);

        assertThat(ingress("checkout-canary").getMetadata().getAnnotations())
                .containsEntry("nginx.ingress.kubernetes.io/canary-by-header", "X-Canary")
                .containsEntry("nginx.ingress.kubernetes.io/canary-by-header-value", "always")
                .containsEntry("nginx.ingress.kubernetes.io/canary-weight", "10");
    }

    @Test
    void removeDeletesTheCanaryIngressAndService() {
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 25);

        router.remove(target);

        assertThat(ingress("checkout-canary")).isNull();
        assertThat(service("checkout-canary")).isNull();
        assertThat(ingress("checkout")).isNotNull();
        assertThat(service("checkout")).isNotNull();
        assertThat(router.weight(target)).isZero();
        router.remove(target);
        router.setWeight(target, 0);
        assertThat(ingress("checkout-canary")).isNull();
    }

    @Test
    void checkFailsNamingTheFieldWhenTheIngressIsMissing() {
        NginxIngressRouter router =
                new NginxIngressRouter(kube, new RouterSpec.NginxIngress("shop-web", Optional.empty()));
        assertThatThrownBy(() -> router.check(target(router)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("traffic.nginx.ingress: \"shop-web\" not found in namespace \"shop\"; check the name"
                        + " (kubectl get ingress -n shop)");
    }

    @Test
    void checkFailsWhenTheBackendServiceIsMissing() {
        kube.services().inNamespace("shop").withName("checkout").delete();
        NginxIngressRouter router = router(Optional.empty());
        assertThatThrownBy(() -> router.check(target(router)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining("traffic.nginx.ingress: ingress \"checkout\" routes to service \"checkout\","
                        + " which does not exist in namespace \"shop\"");
    }

    @Test
    void refusesToTakeOverAnIngressItDidNotCreate() {
        Ingress foreign = ingress("checkout");
        foreign.getMetadata().setName("checkout-canary");
        foreign.getMetadata().setResourceVersion(null);
        foreign.getMetadata().setUid(null);
        kube.network().v1().ingresses().inNamespace("shop").resource(foreign).create();
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = target(router);

        assertThatThrownBy(() -> router.prepare(target))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("ingress shop/checkout-canary exists but was not created by rollout checkout");
        assertThatThrownBy(() -> router.setWeight(target, 10)).isInstanceOf(CanaryGateException.class);
        router.remove(target);
        assertThat(ingress("checkout-canary")).isNotNull();
    }

    @Test
    void aStableServiceThatSelectsTheCanaryPodsTooIsNotedWithTheShareTheCanaryReallyGets() {
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = target(router);

        // app: checkout is all the Service selects by, and the canary pods carry it.
        assertThat(router.notes(target, 10, 4, 1))
                .containsExactly("service checkout, which takes the stable 90%, also selects the canary pods (they"
                        + " carry every label it selects by), so the canary gets about 28% of requests at weight 10%"
                        + " (4 stable and 1 canary pods); to send exactly the weight, give the stable pods a label"
                        + " the canary pods do not carry: track: stable in the Deployment's pod template and the"
                        + " Service's selector, and target.canaryLabels: {track: canary}");
    }

    @Test
    void withTrackLabelsTheStableServiceReachesStablePodsAndTheCanaryServiceCanaryPodsOnly() {
        stable = cluster.labelStablePods("shop", "checkout", "track", "stable");
        NginxIngressRouter router = router(Optional.empty());
        CanaryTarget target = new Workloads(kube).target("checkout", stable, Map.of("track", "canary"));

        router.check(target);
        router.prepare(target);

        assertThat(service("checkout-canary").getSpec().getSelector())
                .isEqualTo(Map.of(
                        "app",
                        "checkout",
                        "track",
                        "canary",
                        Workloads.ROLE_LABEL,
                        "canary",
                        Workloads.ROLLOUT_LABEL,
                        "checkout"));
        assertThat(target.canaryPodLabels())
                .containsAllEntriesOf(service("checkout-canary").getSpec().getSelector());
        assertThat(service("checkout").getSpec().getSelector()).containsEntry("track", "stable");
        assertThat(router.notes(target, 10, 4, 1)).isEmpty();
        // Without the canary label the canary pods would copy track: stable, and the stable Service select them.
        assertThat(router.notes(new Workloads(kube).target("checkout", stable, Map.of()), 10, 4, 1))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("service checkout, which takes the stable 90%, also selects the canary pods");
    }

    @Test
    void canaryReplicasCarryTheWeightAlone() {
        NginxIngressRouter router = router(Optional.empty());
        assertThat(router.canaryReplicas(4, 0)).isZero();
        assertThat(router.canaryReplicas(4, 10)).isEqualTo(1);
        assertThat(router.canaryReplicas(4, 50)).isEqualTo(2);
        assertThat(router.canaryReplicas(4, 100)).isEqualTo(4);
        assertThat(router.canaryReplicas(0, 10)).isEqualTo(1);
    }

    private NginxIngressRouter router(Optional<RouterSpec.HeaderRoute> header) {
        return new NginxIngressRouter(kube, new RouterSpec.NginxIngress("checkout", header));
    }

    private CanaryTarget target(TrafficRouter router) {
        return new Workloads(kube).target("checkout", stable, Map.of());
    }

    private Ingress ingress(String name) {
        return kube.network()
                .v1()
                .ingresses()
                .inNamespace("shop")
                .withName(name)
                .get();
    }

    private Service service(String name) {
        return kube.services().inNamespace("shop").withName(name).get();
    }
}
