package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.NEW_IMAGE;
import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.testkit.ArgoRolloutController;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * deploy → wait → promote and the ways back, with an Argo Rollout running the pods: {@link ArgoRolloutController}
 * plays the Argo controller on the mock API server (steps, pauses, promoteFull, abort, Degraded).
 */
class ArgoRolloutEngineTest {
    static final String ARGO = "traffic: {router: argo-rollout, argoRollout: {rollout: checkout}}\n";
    private static final List<Map<String, Object>> STEPS = ArgoRolloutController.HOLDING_STEPS;

    private EngineFixture f;
    private ArgoRolloutController argo;

    @BeforeEach
    void start() {
        f = EngineFixture.start(ARGO + PLAN);
        argo = ArgoRolloutController.start(f.kube);
        ArgoRolloutController.createRollout(f.kube, NS, "checkout", OLD_IMAGE, 4, STEPS);
        // Argo has seen the Rollout: the stable ReplicaSet runs the old image.
        f.kube.genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace(NS)
                .withName("checkout")
                .waitUntilCondition(
                        r -> r.getAdditionalProperties().get("status") != null,
                        30,
                        java.util.concurrent.TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() {
        argo.close();
        f.close();
    }

    private Map<String, Object> status() {
        return argo.status(NS, "checkout");
    }

    @Test
    void deployWaitDeployPromoteRunsTheReleaseThroughArgo() {
        RolloutStatus at10 = await(f.engine().deploy(f.spec, 10));

        assertThat(at10.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(at10.record().weight()).isEqualTo(10);
        assertThat(at10.routerWeight()).isEqualTo(10);
        assertThat(at10.record().stableImages()).containsEntry("app", OLD_IMAGE);
        assertThat(at10.record().canaryImages()).containsEntry("app", NEW_IMAGE);
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
        assertThat(status()).containsEntry("currentStepIndex", 1).containsEntry("phase", "Paused");
        assertThat(at10.canaryReady()).isEqualTo(1);
        // No canary Deployment: Argo runs the canary ReplicaSet.
        assertThat(f.canary()).isNull();

        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult judged = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(judged.outcome().verdict()).isInstanceOf(Verdict.Pass.class);

        RolloutStatus at50 = await(f.engine().deploy(f.spec, 50));
        assertThat(at50.record().weight()).isEqualTo(50);
        assertThat(status()).containsEntry("currentStepIndex", 3).containsEntry("phase", "Paused");
        assertThat(at50.routerWeight()).isEqualTo(50);

        RolloutStatus promoted = await(f.engine().promote(f.spec));
        assertThat(promoted.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(status()).containsEntry("phase", "Healthy");
        assertThat(status().get("stableRS")).isEqualTo(status().get("currentPodHash"));
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
        assertThat(f.lines()).anyMatch(l -> l.contains("checkout: Argo reports Paused, step 1"));
        // The audit trail is on the Rollout, where kubectl describe rollout shows it.
        assertThat(f.kube.v1().events().inNamespace(NS).list().getItems())
                .filteredOn(e -> e.getReason().equals("Promoted"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getInvolvedObject().getKind()).isEqualTo("Rollout");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo("checkout");
                    assertThat(e.getInvolvedObject().getUid()).isNotBlank();
                });
    }

    @Test
    void aBreachAbortsTheRolloutAndPutsTheStableImageBack() {
        await(f.engine().deploy(f.spec, 10));
        f.metrics.set(ERROR_RATE, 0.2);
        VirtualScheduler clock = EngineFixture.virtualClock();

        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.rolledBack()).isTrue();
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(f.record().weight()).isZero();
        assertThat(argo.images(NS, "checkout")).containsExactly(OLD_IMAGE);
        awaitStatus("phase", "Healthy");
        assertThat(status().get("stableRS")).isEqualTo(status().get("currentPodHash"));
    }

    @Test
    void afterARollbackTheNextReleaseStartsAFreshUpdate() {
        await(f.engine().deploy(f.spec, 10));
        await(f.engine().rollback(f.spec, "by hand", io.canarygate.core.spec.RollbackMode.GRADUAL));
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(f.lines()).anyMatch(l -> l.contains("an abort sends all traffic to stable at once"));

        RolloutStatus again = await(f.engine().deploy(f.spec, 10));

        assertThat(again.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(again.record().stableImages()).containsEntry("app", OLD_IMAGE);
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
        assertThat(status()).containsEntry("currentStepIndex", 1);
        // Not aborted: no abort field, or false when the deploy's retry cleared it (as kubectl argo rollouts retry).
        assertThat(status().get("abort")).isNotEqualTo(true);
    }

    @Test
    void anUpdateAbortedByHandIsRetriedByTheNextDeploy() {
        await(f.engine().deploy(f.spec, 10));
        // kubectl argo rollouts abort checkout: Argo sends all traffic to stable and shows the Rollout Degraded.
        f.kube.genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace(NS)
                .withName("checkout")
                .subresource("status")
                .patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        "{\"status\":{\"abort\":true}}");
        awaitStatus("phase", "Degraded");

        RolloutStatus again = await(f.engine().deploy(f.spec, 10));

        // The same template, so no new update: it is retried (kubectl argo rollouts retry) and held at 10% again.
        assertThat(again.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(status()).containsEntry("currentStepIndex", 1).containsEntry("phase", "Paused");
        assertThat(status().get("abort")).isNotEqualTo(true);
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
    }

    @Test
    void theSameReleaseRightAfterARollbackWhoseImageArgoHasNotSeenIsRetried() throws Exception {
        await(f.engine().deploy(f.spec, 10));
        argo.freeze();
        await(f.engine().rollback(f.spec, "by hand", io.canarygate.core.spec.RollbackMode.IMMEDIATE));
        // What Argo reports when it has handled the abort but not yet the stable image put back.
        writeStatus(Map.of(
                "abort", true,
                "phase", "Degraded",
                "message", "RolloutAborted: Rollout aborted update to revision 2"));

        var again = f.engine().deploy(f.spec, 10);
        Thread.sleep(300);
        argo.thaw();

        RolloutStatus status = await(again);
        assertThat(status.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
        assertThat(status()).containsEntry("currentStepIndex", 1).containsEntry("phase", "Paused");
    }

    @Test
    void aPromotionArgoCannotFinishRollsBack() {
        await(f.engine().deploy(f.spec, 10));
        argo.degrade("ProgressDeadlineExceeded: ReplicaSet \"checkout-7d9\" has timed out progressing");

        assertThatThrownBy(() -> await(f.engine().promote(f.spec)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
                .hasMessageContaining("while waiting for it to make " + NEW_IMAGE + " stable");
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(argo.images(NS, "checkout")).containsExactly(OLD_IMAGE);
    }

    @Test
    void canaryPodsArgoReportsDegradedFailTheDeployAndRollBack() {
        argo.degrade("ProgressDeadlineExceeded: ReplicaSet \"checkout-7d9\" has timed out progressing");

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
                .hasMessageContaining("Argo reports it Degraded")
                .hasMessageContaining("ReplicaSet \"checkout-7d9\" has timed out progressing");
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(argo.images(NS, "checkout")).containsExactly(OLD_IMAGE);
    }

    @Test
    void aControllerThatDoesNotAnswerTimesOutAndRollsBack() {
        f.spec = SpecLoader.parse(
                EngineFixture.BASE.replace("readyTimeout: 20s", "readyTimeout: 2s") + ARGO + PLAN,
                "canary.yaml",
                Map.of());
        argo.freeze();

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.NOT_READY))
                .hasMessageContaining("Argo did not get to start the update and hold at its first pause within 2s");
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(argo.images(NS, "checkout")).containsExactly(OLD_IMAGE);
    }

    @Test
    void aWeightTheRolloutHasNoHoldingStepForIsRefusedBeforeAnythingChanges() {
        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 30)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("weight: \"30\" is not a step Rollout \"checkout\" holds at (it pauses after setWeight"
                        + " [10, 50, 80]); make the weights of canary.yaml's steps those of the Rollout's setWeight"
                        + " steps that a pause: {} follows");
        assertThat(f.hasRecord()).isFalse();
        assertThat(argo.images(NS, "checkout")).containsExactly(OLD_IMAGE);

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 100)))
                .hasMessageStartingWith("weight: \"100\" is not a step of an Argo Rollout");
    }

    @Test
    void aRolloutInTheMiddleOfSomeoneElsesUpdateIsAConflict() {
        setTemplateImage("ghcr.io/acme/checkout:1.3.9");
        awaitStatus("phase", "Paused");

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.CONFLICT))
                .hasMessageStartingWith(
                        "rollout shop/checkout is in the middle of another update (Argo: Paused, step 1");
        assertThat(f.hasRecord()).isFalse();
        assertThat(argo.images(NS, "checkout")).containsExactly("ghcr.io/acme/checkout:1.3.9");
    }

    @Test
    void aRolloutArgoHasNeverReconciledIsRefusedBeforeAnythingChanges() {
        argo.freeze();
        ArgoRolloutController.createRollout(f.kube, NS, "payments", OLD_IMAGE, 2, STEPS);
        f.spec = EngineFixture.spec("traffic: {router: argo-rollout, argoRollout: {rollout: payments}}\n" + PLAN);

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INFRASTRUCTURE))
                .hasMessageStartingWith("rollout shop/payments has no status from Argo yet")
                .hasMessageContaining("check that the Argo Rollouts controller is running");
        assertThat(f.hasRecord()).isFalse();
        assertThat(argo.images(NS, "payments")).containsExactly(OLD_IMAGE);
    }

    @Test
    void anUpdateToTheSameImageStartedByGitOpsIsAdoptedAndARollbackOnlyAborts() {
        setTemplateImage(NEW_IMAGE);
        awaitStatus("phase", "Paused");

        RolloutStatus adopted = await(f.engine().deploy(f.spec, 10));
        assertThat(adopted.record().phase()).isEqualTo(Phase.RUNNING);
        // The template is Git's: what it had is all Canary Gate knows, so rollback has nothing to put back.
        assertThat(adopted.record().stableImages()).containsEntry("app", NEW_IMAGE);

        await(f.engine().rollback(f.spec, "by hand", io.canarygate.core.spec.RollbackMode.IMMEDIATE));

        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(argo.images(NS, "checkout")).containsExactly(NEW_IMAGE);
        awaitStatus("phase", "Degraded");
        assertThat(status()).containsEntry("abort", true);
    }

    @Test
    void aRolloutThatIsMissingIsBadInput() {
        f.spec = EngineFixture.spec("traffic: {router: argo-rollout, argoRollout: {rollout: payments}}\n" + PLAN);

        assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageStartingWith("traffic.argoRollout.rollout: \"payments\" not found in namespace \"shop\"");
        assertThat(f.hasRecord()).isFalse();
    }

    @Test
    void whatArgoCannotDoIsRefusedWhenCanaryYamlIsRead() {
        String base = EngineFixture.BASE.replace("  image:", "  canaryLabels: {track: canary}\n  image:");
        assertThatThrownBy(() -> SpecLoader.parse(base + ARGO + PLAN, "canary.yaml", Map.of()))
                .hasMessageContaining("target.canaryLabels")
                .hasMessageContaining("has no effect with traffic.router argo-rollout");
        String gradual = PLAN.replace("consecutive: 2", "consecutive: 2\n    onBreach: gradual-rollback");
        assertThatThrownBy(() -> SpecLoader.parse(EngineFixture.BASE + ARGO + gradual, "canary.yaml", Map.of()))
                .hasMessageContaining("objectives[0].onBreach")
                .hasMessageContaining("write onBreach: rollback");
    }

    /** What a GitOps sync or kubectl argo rollouts set image does: a new image in the Rollout's template. */
    private void setTemplateImage(String image) {
        f.kube.genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace(NS)
                .withName("checkout")
                .edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> spec =
                            (Map<String, Object>) r.getAdditionalProperties().get("spec");
                    @SuppressWarnings("unchecked")
                    Map<String, Object> template =
                            new java.util.LinkedHashMap<>((Map<String, Object>) spec.get("template"));
                    template.put("spec", Map.of("containers", List.of(Map.of("name", "app", "image", image))));
                    spec.put("template", template);
                    return r;
                });
    }

    /** Puts {@code fields} over the Rollout's status, as the Argo controller would write them. */
    private void writeStatus(Map<String, Object> fields) {
        f.kube.genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace(NS)
                .withName("checkout")
                .edit(r -> {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> st = new java.util.LinkedHashMap<>(
                            (Map<String, Object>) r.getAdditionalProperties().get("status"));
                    st.putAll(fields);
                    st.remove("pauseConditions");
                    r.setAdditionalProperty("status", st);
                    return r;
                });
    }

    private void awaitStatus(String key, Object value) {
        f.kube.genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace(NS)
                .withName("checkout")
                .waitUntilCondition(
                        r -> r.getAdditionalProperties().get("status") instanceof Map<?, ?> s
                                && value.equals(s.get(key)),
                        30,
                        java.util.concurrent.TimeUnit.SECONDS);
    }
}
