package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.testkit.ArgoRolloutController;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The test plays the Argo controller: it writes the status the controller would after each change. */
class ArgoRolloutRouterTest {
    private static final List<Map<String, Object>> STEPS = ArgoRolloutController.HOLDING_STEPS;

    private MockCluster cluster;
    private KubernetesClient kube;
    private Deployment stable;

    @BeforeEach
    void start() {
        cluster = MockCluster.withoutController();
        kube = cluster.client();
        stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        createRollout(STEPS);
        // Argo has started the update and paused after setWeight 10 (step 1 is the pause).
        writeStatus(Map.of(
                "currentStepIndex",
                1,
                "currentPodHash",
                "new",
                "stableRS",
                "old",
                "pauseConditions",
                List.of(Map.of("reason", "CanaryPauseStep"))));
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    @Test
    void weightIsReadFromTheStepArgoStandsAt() {
        ArgoRolloutRouter router = router();
        CanaryTarget target = target(router);

        router.check(target);
        assertThat(router.weight(target)).isEqualTo(10);

        writeStatus(Map.of(
                "currentStepIndex",
                3,
                "currentPodHash",
                "new",
                "stableRS",
                "old",
                "canary",
                Map.of("weights", Map.of("canary", Map.of("weight", 45)))));
        assertThat(router.weight(target)).isEqualTo(45);
        assertThat(router.canaryReplicas(4, 50)).isZero();
    }

    @Test
    void aWeightMovesTheRolloutToItsSetWeightStepAndUnpausesIt() {
        ArgoRolloutRouter router = router();
        CanaryTarget target = target(router);
        kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .edit(r -> {
                    spec(r).put("paused", true);
                    return r;
                });

        router.setWeight(target, 50);

        Map<String, Object> status = status();
        assertThat(status).containsEntry("currentStepIndex", 2).containsEntry("abort", false);
        assertThat(status.get("pauseConditions")).isNull();
        assertThat(spec(rollout())).containsEntry("paused", false);
        // Argo applies step 2 and pauses at step 3.
        writeStatus(Map.of("currentStepIndex", 3, "currentPodHash", "new", "stableRS", "old"));
        assertThat(router.weight(target)).isEqualTo(50);

        // Asking again for the weight in force changes nothing.
        String version = rollout().getMetadata().getResourceVersion();
        router.setWeight(target, 50);
        assertThat(rollout().getMetadata().getResourceVersion()).isEqualTo(version);
    }

    @Test
    void weightZeroAbortsAndAHundredPromotesFully() {
        ArgoRolloutRouter router = router();
        CanaryTarget target = target(router);

        router.setWeight(target, 0);
        assertThat(status()).containsEntry("abort", true);
        assertThat(router.weight(target)).isZero();
        String version = rollout().getMetadata().getResourceVersion();
        router.setWeight(target, 0);
        assertThat(rollout().getMetadata().getResourceVersion()).isEqualTo(version);

        router.setWeight(target, 10);
        assertThat(status()).containsEntry("abort", false).containsEntry("currentStepIndex", 0);

        router.setWeight(target, 100);
        assertThat(status()).containsEntry("promoteFull", true);
        // Argo finishes: the canary is the new stable, nothing is in flight.
        writeStatus(Map.of("currentStepIndex", 6, "currentPodHash", "new", "stableRS", "new"));
        assertThat(router.weight(target)).isZero();
        router.setWeight(target, 0);
        assertThat(status()).doesNotContainKey("abort");
    }

    @Test
    void aWeightTheRolloutHasNoStepForIsRefusedNamingItsSteps() {
        ArgoRolloutRouter router = router();

        assertInvalid(
                () -> router.setWeight(target(router), 25),
                "traffic.argoRollout.rollout: Rollout \"checkout\" has no setWeight: 25 step (its steps set [10, 50,"
                        + " 80]); make the weights of canary.yaml's steps those of the Rollout's steps");
    }

    @Test
    void checkNamesAMissingRolloutOrStepsArgoWouldNotHold() {
        ArgoRolloutRouter missing = new ArgoRolloutRouter(kube, new RouterSpec.ArgoRollout("payments"));
        assertInvalid(
                () -> missing.check(target(missing)),
                "traffic.argoRollout.rollout: \"payments\" not found in namespace \"shop\"; name the Argo Rollout"
                        + " (argoproj.io/v1alpha1) to drive (kubectl get rollouts -n shop)");

        kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .delete();
        createRollout(
                List.of(Map.of("setWeight", 10), Map.of("pause", Map.of("duration", "1h")), Map.of("setWeight", 50)));
        ArgoRolloutRouter timed = router();
        assertInvalid(
                () -> timed.check(target(timed)),
                "traffic.argoRollout.rollout: step 0 of Rollout \"checkout\" (setWeight: 10) is not followed by an"
                        + " indefinite pause; add - pause: {} after it");
    }

    @Test
    void setImagesChangesOnlyTheTemplateImagesItIsGiven() {
        ArgoRolloutRouter router = router();
        String before = rollout().getMetadata().getResourceVersion();
        router.setImages(target(router), Map.of("app", "acme/checkout:1.3.0"));
        assertThat(rollout().getMetadata().getResourceVersion()).isEqualTo(before);

        router.setImages(target(router), Map.of("app", "acme/checkout:1.4.0"));

        ArgoRolloutRouter.RolloutState state = router.state(target(router));
        assertThat(state.images()).containsExactly(Map.entry("app", "acme/checkout:1.4.0"));
        assertThat(state.currentStepIndex()).isEqualTo(1);
        assertThat(state.paused()).isTrue();
        assertThat(state.inFlight()).isTrue();
        assertThat(router.holdingStep(target(router), 50)).isEqualTo(2);
    }

    @Test
    void aRolloutWithoutItsOwnPodTemplateIsRefused() {
        kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) r.getAdditionalProperties().get("spec");
                    spec.remove("template");
                    spec.put("workloadRef", Map.of("apiVersion", "apps/v1", "kind", "Deployment", "name", "checkout"));
                    return r;
                });
        ArgoRolloutRouter router = router();
        assertInvalid(
                () -> router.check(target(router)),
                "traffic.argoRollout.rollout: Rollout \"checkout\" in namespace \"shop\" has no spec.template with"
                        + " containers (a Rollout with workloadRef keeps its pod template in a Deployment)");
    }

    private static void assertInvalid(Runnable call, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining(message);
    }

    private void createRollout(List<Map<String, Object>> steps) {
        GenericKubernetesResource r = new GenericKubernetesResource();
        r.setApiVersion("argoproj.io/v1alpha1");
        r.setKind("Rollout");
        ObjectMeta meta = new ObjectMeta();
        meta.setName("checkout");
        meta.setNamespace("shop");
        r.setMetadata(meta);
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", 4);
        spec.put(
                "template",
                Map.of("spec", Map.of("containers", List.of(Map.of("name", "app", "image", "acme/checkout:1.3.0")))));
        spec.put("strategy", Map.of("canary", Map.of("steps", steps)));
        r.setAdditionalProperty("spec", spec);
        kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .resource(r)
                .create();
    }

    /** What the Argo controller would write. */
    private void writeStatus(Map<String, Object> status) {
        kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .edit(r -> {
                    r.setAdditionalProperty("status", new LinkedHashMap<>(status));
                    return r;
                });
    }

    private ArgoRolloutRouter router() {
        return new ArgoRolloutRouter(kube, new RouterSpec.ArgoRollout("checkout"));
    }

    private CanaryTarget target(TrafficRouter router) {
        return new Workloads(kube).target("checkout", stable, Map.of());
    }

    private GenericKubernetesResource rollout() {
        return kube.genericKubernetesResources(ArgoRolloutRouter.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .get();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource r) {
        return (Map<String, Object>) r.getAdditionalProperties().get("spec");
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> status() {
        return (Map<String, Object>) rollout().getAdditionalProperties().get("status");
    }
}
