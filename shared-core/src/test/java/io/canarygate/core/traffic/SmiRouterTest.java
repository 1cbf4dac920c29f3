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
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SmiRouterTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        kube.services()
                .inNamespace("shop")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("checkout-stable")
                        .withNamespace("shop")
                        .endMetadata()
                        .withNewSpec()
                        .addToSelector("app", "checkout")
                        .addNewPort()
                        .withPort(80)
                        .endPort()
                        .endSpec()
                        .build())
                .create();
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void prepareCreatesATrafficSplitOfTheRootServiceWithTheCanaryAtZero() {
        SmiRouter router = router("checkout-stable");
        CanaryTarget target = target(router);

        router.check(target);
        router.prepare(target);

        GenericKubernetesResource split = split();
        assertThat(split.getApiVersion()).isEqualTo("split.smi-spec.io/v1alpha2");
        assertThat(split.getMetadata().getLabels())
                .containsEntry(Workloads.ROLLOUT_LABEL, "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary");
        assertThat(spec(split)).containsEntry("service", "checkout");
        assertThat(backends()).containsExactly("checkout-stable=100", "checkout-stable-canary=0");
        Service canary = service("checkout-stable-canary");
        assertThat(canary.getSpec().getSelector())
                .containsEntry("app", "checkout")
                .containsEntry(Workloads.ROLE_LABEL, "canary");
        assertThat(router.weight(target)).isZero();
    }

    @Test
    void weightsMoveFromZeroToTenToFiftyToAHundredAndBack() {
        SmiRouter router = router("checkout");
        CanaryTarget target = target(router);
        router.prepare(target);

        for (int w : new int[] {0, 10, 50, 100, 0}) {
            router.setWeight(target, w);
            assertThat(backends()).containsExactly("checkout=" + (100 - w), "checkout-canary=" + w);
            assertThat(router.weight(target)).isEqualTo(w);
        }
    }

    @Test
    void repeatingPrepareAndSetWeightChangesNothing() {
        SmiRouter router = router("checkout");
        CanaryTarget target = target(router);
        router.setWeight(target, 0);
        assertThat(split()).isNull();

        router.setWeight(target, 25);
        Map<String, Object> once = spec(split());
        router.prepare(target);
        router.setWeight(target, 25);

        assertThat(spec(split())).isEqualTo(once);
        assertThat(router.weight(target)).isEqualTo(25);
    }

    @Test
    void removeDeletesTheSplitAndTheCanaryService() {
        SmiRouter router = router("checkout");
        CanaryTarget target = target(router);
        router.prepare(target);
        router.setWeight(target, 50);

        router.remove(target);

        assertThat(split()).isNull();
        assertThat(service("checkout-canary")).isNull();
        assertThat(service("checkout")).isNotNull();
        assertThat(router.weight(target)).isZero();
        router.remove(target);
        router.setWeight(target, 0);
        assertThat(split()).isNull();
    }

    @Test
    void checkNamesAMissingRootOrStableService() {
        SmiRouter noRoot = new SmiRouter(kube, new RouterSpec.Smi("shop-web", "checkout"));
        assertInvalid(
                () -> noRoot.check(target(noRoot)),
                "traffic.smi.service: root service \"shop-web\" does not exist in namespace \"shop\"");

        SmiRouter noStable = router("checkout-primary");
        assertInvalid(
                () -> noStable.prepare(target(noStable)),
                "traffic.smi.stableService: service \"checkout-primary\" does not exist in namespace \"shop\"");
        assertThat(split()).isNull();
        assertThat(service("checkout-primary-canary")).isNull();
    }

    @Test
    void checkRefusesARootServiceAnotherTrafficSplitAlreadySplits() {
        kube.genericKubernetesResources(SmiRouter.TRAFFIC_SPLIT)
                .inNamespace("shop")
                .resource(foreignSplit("checkout-blue-green"))
                .create();
        SmiRouter router = router("checkout");

        assertInvalid(
                () -> router.check(target(router)),
                "traffic.smi.service: TrafficSplit \"checkout-blue-green\" already splits service \"checkout\"");
    }

    @Test
    void aTrafficSplitOfTheSameNameNotCreatedByCanaryGateIsNeverTouched() {
        kube.genericKubernetesResources(SmiRouter.TRAFFIC_SPLIT)
                .inNamespace("shop")
                .resource(foreignSplit("checkout-canary"))
                .create();
        SmiRouter router = router("checkout");
        CanaryTarget target = target(router);

        assertThatThrownBy(() -> router.setWeight(target, 10))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining(
                        "TrafficSplit shop/checkout-canary exists but was not created by rollout" + " checkout");
        router.remove(target);
        assertThat(backends()).containsExactly("checkout=50", "checkout-blue=50");
    }

    private static GenericKubernetesResource foreignSplit(String name) {
        GenericKubernetesResource split = new GenericKubernetesResource();
        split.setApiVersion(SmiRouter.API_VERSION);
        split.setKind("TrafficSplit");
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace("shop");
        split.setMetadata(meta);
        split.setAdditionalProperty(
                "spec",
                Map.of(
                        "service",
                        "checkout",
                        "backends",
                        List.of(
                                Map.of("service", "checkout", "weight", 50),
                                Map.of("service", "checkout-blue", "weight", 50))));
        return split;
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    private SmiRouter router(String stableService) {
        return new SmiRouter(kube, new RouterSpec.Smi("checkout", stableService));
    }

    private CanaryTarget target(TrafficRouter router) {
        return new Workloads(kube).target("checkout", stable, Map.of());
    }

    private GenericKubernetesResource split() {
        return kube.genericKubernetesResources(SmiRouter.TRAFFIC_SPLIT)
                .inNamespace("shop")
                .withName("checkout-canary")
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private List<String> backends() {
        List<Map<String, Object>> backends =
                (List<Map<String, Object>>) spec(split()).get("backends");
        return backends.stream()
                .map(b -> b.get("service") + "=" + b.get("weight"))
                .toList();
    }

    private Service service(String name) {
        return kube.services().inNamespace("shop").withName(name).get();
    }
}
