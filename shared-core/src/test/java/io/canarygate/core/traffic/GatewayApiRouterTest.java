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
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayApiRouterTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;
    private GatewayApiRouter router;
    private CanaryTarget target;

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
                        .withValue("/")
                        .endPath()
                        .endMatch()
                        .addNewBackendRef()
                        .withName("checkout")
                        .withPort(80)
                        .endBackendRef()
                        .endRule()
                        .endSpec()
                        .build())
                .create();
        router = new GatewayApiRouter(kube, new RouterSpec.GatewayApi("checkout"));
        target = new Workloads(kube).target("checkout", stable, router);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void canaryBackendRefAndServiceAreAddedWithWeightZero() {
        router.check(target);
        router.prepare(target);

        Service canary =
                kube.services().inNamespace("shop").withName("checkout-canary").get();
        assertThat(canary.getSpec().getSelector())
                .containsEntry("app", "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary");
        assertThat(refs())
                .extracting(r -> r.getName() + ":" + r.getPort() + "=" + r.getWeight())
                .containsExactly("checkout:80=100", "checkout-canary:80=0");
        assertThat(router.weight(target)).isZero();
    }

    @Test
    void weightsStepUpThroughTheBackendRefWeights() {
        router.prepare(target);
        for (int w : new int[] {10, 25, 50, 100}) {
            router.setWeight(target, w);
            assertThat(refs()).extracting(HTTPBackendRef::getWeight).containsExactly(100 - w, w);
            assertThat(router.weight(target)).isEqualTo(w);
        }
        router.prepare(target);
        assertThat(router.weight(target)).isEqualTo(100);
    }

    @Test
    void removeLeavesTheRouteAsTheUserWroteIt() {
        HTTPRoute before = route();
        router.setWeight(target, 25);

        router.setWeight(target, 0);
        router.remove(target);

        assertThat(route().getSpec()).isEqualTo(before.getSpec());
        assertThat(kube.services()
                        .inNamespace("shop")
                        .withName("checkout-canary")
                        .get())
                .isNull();
        assertThat(router.weight(target)).isZero();
        router.remove(target);
        router.setWeight(target, 0);
        assertThat(route().getSpec()).isEqualTo(before.getSpec());
    }

    @Test
    void checkNamesTheMissingRoute() {
        GatewayApiRouter missing = new GatewayApiRouter(kube, new RouterSpec.GatewayApi("web"));
        assertThatThrownBy(() -> missing.check(target))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("traffic.gatewayApi.route: \"web\" not found in namespace \"shop\"; check the name"
                        + " (kubectl get httproute -n shop)");
    }

    @Test
    void checkRefusesARuleThatAlreadySplitsTraffic() {
        kube.resources(HTTPRoute.class).inNamespace("shop").withName("checkout").edit(r -> {
            HTTPBackendRef other = new HTTPBackendRef();
            other.setName("checkout-v2");
            other.setPort(80);
            other.setWeight(10);
            r.getSpec()
                    .getRules()
                    .get(0)
                    .setBackendRefs(List.of(
                            r.getSpec().getRules().get(0).getBackendRefs().get(0), other));
            return r;
        });
        assertThatThrownBy(() -> router.check(target))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining("rules[0] already splits traffic between 2 backends");
    }

    private HTTPRoute route() {
        return kube.resources(HTTPRoute.class)
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    private List<HTTPBackendRef> refs() {
        return route().getSpec().getRules().get(0).getBackendRefs();
    }
}
