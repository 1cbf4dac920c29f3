package io.canarygate.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.spec.TargetSpec.ContainerImage;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.core.traffic.CanaryTarget;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WorkloadsTest {
    private MockCluster cluster;
    private KubernetesClient kube;
    private Workloads workloads;
    private SystemScheduler scheduler;

    @BeforeEach
    void start() {
        cluster = MockCluster.start();
        kube = cluster.client();
        workloads = new Workloads(kube);
        scheduler = new SystemScheduler(1);
    }

    @AfterEach
    void stop() {
        scheduler.close();
        cluster.close();
    }

    @Test
    void canaryPodsCarryTheCanaryLabelsInPlaceOfTheStableOnesAndKeepTheSelector() throws Exception {
        cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 2);
        cluster.labelStablePods("shop", "checkout", "track", "stable");
        cluster.awaitReady("shop", "checkout");
        Deployment stable = workloads.stable("shop", "checkout");
        Map<String, String> canaryLabels = Map.of("track", "canary", "version", "1.4.0");
        Workloads.checkCanaryLabels(stable, canaryLabels);
        CanaryTarget target = workloads.target("checkout", stable, canaryLabels);

        workloads.ensureCanary(
                target,
                stable,
                workloads.resolveImages(stable, List.of(new ContainerImage(null, "ghcr.io/acme/checkout:1.4.0"))),
                1);

        Deployment canary = kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-canary")
                .get();
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .isEqualTo(target.canaryPodLabels())
                .containsEntry("app", "checkout")
                .containsEntry("track", "canary")
                .containsEntry("version", "1.4.0")
                .containsEntry(Workloads.ROLE_LABEL, "canary");
        // The selector is the stable one plus the canary labels: track is not in it, so nothing else changes.
        assertThat(canary.getSpec().getSelector().getMatchLabels())
                .isEqualTo(
                        Map.of("app", "checkout", Workloads.ROLE_LABEL, "canary", Workloads.ROLLOUT_LABEL, "checkout"));
        assertThat(stable.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("track", "stable");
    }

    @Test
    void aCanaryLabelMayNotChangeALabelOfTheStableSelector() {
        Deployment stable = cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 2);

        assertThatThrownBy(() -> Workloads.checkCanaryLabels(stable, Map.of("app", "checkout-canary")))
                .isInstanceOf(CanaryGateException.class)
                .hasMessage("target.canaryLabels.app: \"checkout-canary\" changes a label the selector of deployment"
                        + " shop/checkout matches (app=checkout); set a label the selector does not use, e.g. track:"
                        + " canary beside track: stable in the stable pod template")
                .extracting(e -> ((CanaryGateException) e).kind())
                .isEqualTo(Kind.INVALID_INPUT);
        // The selector's own value, or a label it does not use, is fine.
        Workloads.checkCanaryLabels(stable, Map.of("app", "checkout", "track", "canary"));
    }

    @Test
    void canaryRunsTheStablePodSpecWithTheNewImageAndLeavesTheStableUntouched() throws Exception {
        cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 3);
        Deployment before = cluster.awaitReady("shop", "checkout");
        Deployment stable = workloads.stable("shop", "checkout");
        CanaryTarget target = workloads.target("checkout", stable, Map.of());
        Map<String, String> images =
                workloads.resolveImages(stable, List.of(new ContainerImage(null, "ghcr.io/acme/checkout:1.4.0")));

        workloads.ensureCanary(target, stable, images, 1);
        workloads
                .awaitReady("shop", "checkout-canary", 1, Duration.ofSeconds(5), scheduler, line -> {})
                .get(10, TimeUnit.SECONDS);

        Deployment canary = kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-canary")
                .get();
        assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
        assertThat(canary.getSpec()
                        .getTemplate()
                        .getSpec()
                        .getContainers()
                        .get(0)
                        .getImage())
                .isEqualTo("ghcr.io/acme/checkout:1.4.0");
        // Same pod spec apart from the image: ports, env, names.
        var stableContainer =
                before.getSpec().getTemplate().getSpec().getContainers().get(0);
        var canaryContainer =
                canary.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(canaryContainer.getPorts()).isEqualTo(stableContainer.getPorts());
        assertThat(canaryContainer.getEnv()).isEqualTo(stableContainer.getEnv());
        assertThat(canary.getSpec().getTemplate().getMetadata().getAnnotations())
                .containsEntry("prometheus.io/scrape", "true");
        Map<String, String> marks = Map.of(Workloads.ROLE_LABEL, "canary", Workloads.ROLLOUT_LABEL, "checkout");
        assertThat(canary.getMetadata().getLabels()).containsAllEntriesOf(marks);
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .containsAllEntriesOf(marks)
                .containsEntry("app", "checkout");
        assertThat(canary.getSpec().getSelector().getMatchLabels())
                .containsAllEntriesOf(marks)
                .isNotEqualTo(before.getSpec().getSelector().getMatchLabels());
        assertThat(canary.getMetadata().getOwnerReferences()).isNullOrEmpty();
        assertThat(canary.getMetadata().getAnnotations()).containsEntry(Workloads.ROLLOUT_LABEL, "checkout");
        assertThat(target.canaryPodLabels()).containsAllEntriesOf(marks).containsEntry("app", "checkout");

        Deployment after = kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get();
        assertThat(after.getMetadata().getResourceVersion())
                .isEqualTo(before.getMetadata().getResourceVersion());
        assertThat(after.getMetadata().getGeneration())
                .isEqualTo(before.getMetadata().getGeneration());
        assertThat(after.getSpec()).isEqualTo(before.getSpec());
    }

    @Test
    void ensureCanaryIsIdempotentAndUpdatesImageAndReplicas() {
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        CanaryTarget target = workloads.target("checkout", stable, Map.of());

        workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.0"), 1);
        String rv = canary().getMetadata().getResourceVersion();
        workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.0"), 1);
        assertThat(canary().getSpec()).isNotNull();
        assertThat(canary().getMetadata().getGeneration()).isEqualTo(1L);

        workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.1"), 2);
        Deployment updated = canary();
        assertThat(updated.getSpec().getReplicas()).isEqualTo(2);
        assertThat(workloads.images(updated)).containsEntry("app", "acme/checkout:1.4.1");
        assertThat(updated.getMetadata().getResourceVersion()).isNotEqualTo(rv);

        workloads.scaleCanary(target, 0);
        assertThat(canary().getSpec().getReplicas()).isZero();
        workloads.deleteCanary(target);
        assertThat(canary()).isNull();
        workloads.deleteCanary(target);
        workloads.scaleCanary(target, 0);
    }

    @Test
    void canaryLeftFromAnEarlierRolloutTakesTheCurrentStablePodSpec() {
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        CanaryTarget target = workloads.target("checkout", stable, Map.of());
        workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.0"), 1);
        workloads.scaleCanary(target, 0); // rolled back
        Deployment changed = kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .edit(d -> {
                    d.getSpec()
                            .getTemplate()
                            .getSpec()
                            .getContainers()
                            .get(0)
                            .getEnv()
                            .get(0)
                            .setValue("debug");
                    d.getSpec().setPaused(true);
                    return d;
                });

        workloads.ensureCanary(target, changed, Map.of("app", "acme/checkout:1.5.0"), 1);

        Deployment canary = canary();
        var container = canary.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertThat(container.getEnv().get(0).getValue()).isEqualTo("debug");
        assertThat(container.getImage()).isEqualTo("acme/checkout:1.5.0");
        assertThat(canary.getSpec().getReplicas()).isEqualTo(1);
        assertThat(canary.getSpec().getPaused()).isNull();
        assertThat(canary.getSpec().getSelector().getMatchLabels()).containsEntry(Workloads.ROLE_LABEL, "canary");
        assertThat(canary.getSpec().getTemplate().getMetadata().getLabels())
                .containsEntry(Workloads.ROLE_LABEL, "canary");
    }

    @Test
    void refusesToAdoptADeploymentItDidNotCreate() {
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        cluster.createStable("shop", "checkout-canary", "acme/other:1", 1);
        CanaryTarget target = workloads.target("checkout", stable, Map.of());

        assertThatThrownBy(() -> workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.0"), 1))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageContaining("shop/checkout-canary exists but is not the canary of rollout checkout");
    }

    @Test
    void missingStableDeploymentNamesNamespaceAndName() {
        assertThatThrownBy(() -> workloads.stable("shop", "checkout"))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("target.deployment: \"checkout\" not found in namespace \"shop\"; check the name and"
                        + " namespace (kubectl get deploy -n shop)");
    }

    @Test
    void apiFailureIsInfrastructureNamingTheCallAndTheFix() {
        cluster.server()
                .expect()
                .get()
                .withPath("/apis/apps/v1/namespaces/shop/deployments/checkout")
                .andReturn(403, "{\"kind\":\"Status\",\"status\":\"Failure\",\"code\":403,\"reason\":\"Forbidden\"}")
                .once();

        assertThatThrownBy(() -> workloads.stable("shop", "checkout"))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INFRASTRUCTURE))
                .hasMessageStartingWith("cannot get deployment shop/checkout: HTTP 403: ")
                .hasMessageEndingWith("; grant the pipeline's service account this permission (RBAC)")
                .hasMessageNotContaining("mock-token");
    }

    @Test
    void unknownContainerListsThePodsContainers() {
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        assertThatThrownBy(() -> workloads.resolveImages(stable, List.of(new ContainerImage("web", "acme/x:2"))))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageContaining("target.images[0].container: \"web\" is not a container of deployment"
                        + " shop/checkout; its containers are app");
        assertThat(workloads.resolveImages(stable, List.of(new ContainerImage("app", "acme/x:2"))))
                .isEqualTo(Map.of("app", "acme/x:2"));
    }

    @Test
    void awaitReadyReportsProgressOncePerChange() throws Exception {
        cluster.controller().readyAfter(Duration.ofMillis(300));
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        List<String> lines = new CopyOnWriteArrayList<>();
        Workloads.Readiness r = workloads
                .awaitReady("shop", "checkout", 2, Duration.ofSeconds(5), scheduler, lines::add)
                .get(10, TimeUnit.SECONDS);
        assertThat(r).isEqualTo(new Workloads.Readiness(2, 2));
        assertThat(lines).containsExactly("checkout: 0/2 ready", "checkout: 2/2 ready");
        assertThat(stable.getMetadata().getGeneration()).isEqualTo(1L);
    }

    @Test
    void awaitReadyFailsAtOnceWithTheConditionsWhenTheControllerGivesUp() {
        Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        CanaryTarget target = workloads.target("checkout", stable, Map.of());
        cluster.controller().neverReady("shop", "checkout-canary");
        workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:broken"), 1);

        long start = System.nanoTime();
        var future = workloads.awaitReady("shop", "checkout-canary", 1, Duration.ofMinutes(5), scheduler, l -> {});

        assertThatThrownBy(() -> future.get(20, TimeUnit.SECONDS))
                .cause()
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
                .hasMessageContaining("deployment shop/checkout-canary: its progress deadline was exceeded: ready 0/1")
                .hasMessageContaining("Progressing=False ProgressDeadlineExceeded (ReplicaSet")
                .hasMessageContaining("Available=False MinimumReplicasUnavailable")
                .hasMessageContaining("kubectl describe deploy checkout-canary -n shop");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
    }

    @Test
    void awaitReadyTimesOutOnTheSchedulersClockWithoutSleeping() throws Exception {
        try (MockCluster bare = MockCluster.withoutController()) {
            Workloads w = new Workloads(bare.client());
            bare.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
            VirtualScheduler clock = new VirtualScheduler(Instant.parse("2026-12-01T10:00:00Z"));
            List<String> lines = new ArrayList<>();
            var future = w.awaitReady("shop", "checkout", 2, Duration.ofMinutes(1), clock, lines::add);

            assertThatThrownBy(() -> clock.runUntil(future, Duration.ofMinutes(2)))
                    .isInstanceOf(CompletionException.class)
                    .cause()
                    .isInstanceOfSatisfying(
                            CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
                    .hasMessageContaining("deployment shop/checkout: not ready after 1m: ready 0/2")
                    .hasMessageContaining("observed generation none of 1")
                    .hasMessageContaining("no conditions reported");
            assertThat(clock.now()).isEqualTo(Instant.parse("2026-12-01T10:01:00Z"));
            assertThat(lines).containsExactly("checkout: 0/2 ready");
            // Backing off to one check every 2 s: about 35 checks for a minute, not 600.
            assertThat(bare.requestCount()).isLessThan(60);
        }
    }

    @Test
    void promotionWaitCountsOnlyPodsOfTheNewTemplate() throws Exception {
        cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
        cluster.awaitReady("shop", "checkout");
        cluster.controller().readyAfter(Duration.ofMillis(300));
        workloads.setImages("shop", "checkout", Map.of("app", "acme/checkout:1.4.0"));
        List<String> lines = new CopyOnWriteArrayList<>();

        workloads
                .awaitReady("shop", "checkout", 4, Duration.ofSeconds(10), scheduler, lines::add)
                .get(20, TimeUnit.SECONDS);

        // The 4 ready pods of the old template do not count: generation 2 is not observed yet.
        assertThat(lines).containsExactly("checkout: 0/4 ready", "checkout: 4/4 ready");
    }

    @Test
    void setImagesRollsTheNamedDeployment() {
        cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
        workloads.setImages("shop", "checkout", Map.of("app", "acme/checkout:1.4.0"));
        Deployment d = kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout")
                .get();
        assertThat(workloads.images(d)).isEqualTo(Map.of("app", "acme/checkout:1.4.0"));
        assertThat(d.getMetadata().getGeneration()).isEqualTo(2L);
    }

    private Deployment canary() {
        return kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-canary")
                .get();
    }
}
