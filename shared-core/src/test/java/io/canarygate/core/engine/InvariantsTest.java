package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.CANARY;
import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.NEW_IMAGE;
import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.STABLE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.image;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.core.traffic.ReplicaRatioRouter;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DESIGN.md's invariants 1–5, each pinned on the mock cluster (invariant 6 is {@link SecretsNeverLeakTest}). */
class InvariantsTest {
    private EngineFixture f;

    @BeforeEach
    void start() {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    /** What must not change on the stable Deployment before promotion. */
    private record StableSnapshot(String spec, String resourceVersion, Long generation, String labels) {
        static StableSnapshot of(Deployment d) {
            return new StableSnapshot(
                    Serialization.asJson(d.getSpec()),
                    d.getMetadata().getResourceVersion(),
                    d.getMetadata().getGeneration(),
                    String.valueOf(d.getMetadata().getLabels())
                            + d.getMetadata().getAnnotations());
        }
    }

    // Invariant 1

    @Test
    void stableDeploymentIsUnchangedThroughDeployWeightChangesWaitsAndRollback() {
        StableSnapshot before = StableSnapshot.of(f.stable());
        CanaryEngine engine = f.engine();

        await(engine.deploy(f.spec, 10));
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);

        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult pass = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(pass.outcome().verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);

        await(engine.deploy(f.spec, 50));
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);

        f.metrics.set(ERROR_RATE, 0.2);
        VirtualScheduler later = EngineFixture.virtualClock();
        WaitResult fail = drive(later, f.engine(later).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(fail.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(fail.rolledBack()).isTrue();
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);
        assertRolledBackToUnchangedStable(fail.status());
    }

    /** Rollback means: weight 0, canary scaled to 0, all traffic on the unchanged stable version. */
    private void assertRolledBackToUnchangedStable(RolloutStatus status) {
        assertThat(status.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(status.record().weight()).isZero();
        assertThat(f.record().weight()).isZero();
        assertThat(replicas(f.canary())).isZero();
        // Once the controller has taken the canary pods away, the router measures no canary share either.
        f.kube.apps()
                .deployments()
                .inNamespace(NS)
                .withName(CANARY)
                .waitUntilCondition(
                        d -> d.getStatus() != null
                                && Integer.valueOf(0).equals(d.getStatus().getReadyReplicas()),
                        10,
                        TimeUnit.SECONDS);
        ReplicaRatioRouter router = new ReplicaRatioRouter(f.kube);
        assertThat(router.weight(new Workloads(f.kube).target("checkout", f.stable(), Map.of())))
                .isZero();
        Deployment stable = f.stable();
        assertThat(image(stable)).isEqualTo(OLD_IMAGE);
        assertThat(stable.getStatus().getReadyReplicas()).isEqualTo(3);
    }

    @Test
    void manualRollbackSendsAllTrafficBackToTheUnchangedStable() {
        StableSnapshot before = StableSnapshot.of(f.stable());
        await(f.engine().deploy(f.spec, 50));

        RolloutStatus back = await(f.engine().rollback(f.spec, "errors on checkout", null));

        assertRolledBackToUnchangedStable(back);
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);
        assertThat(back.record().lastTransition().orElseThrow().reason()).isEqualTo("errors on checkout");
    }

    // Invariant 2

    @Test
    void canaryThatNeverBecomesReadyEndsNotReadyAndRolledBack() {
        StableSnapshot before = StableSnapshot.of(f.stable());
        f.cluster.controller().neverReady(NS, CANARY);

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().deploy(f.spec, 10)));

        assertThat(e.kind()).isEqualTo(Kind.NOT_READY);
        assertThat(e.getMessage()).contains(CANARY).contains("ProgressDeadlineExceeded");
        RolloutRecord r = f.record();
        assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(r.weight()).isZero();
        assertThat(r.lastTransition().orElseThrow().reason()).contains("deploy 10% failed");
        assertThat(replicas(f.canary())).isZero();
        assertThat(StableSnapshot.of(f.stable())).isEqualTo(before);
    }

    @Test
    void badQueryDeploysNothing() {
        f.metrics.reject(ERROR_RATE);

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().deploy(f.spec, 10)));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage())
                .contains("objectives[0].query")
                .contains("error-rate")
                .contains("parse error");
        assertNothingChanged();
    }

    @Test
    void missingIngressChangesNothing() {
        String nginx = PLAN + "traffic:\n  router: nginx\n  nginx: {ingress: checkout-web}\n";
        var ingressesBefore = f.kube.network()
                .v1()
                .ingresses()
                .inNamespace(NS)
                .list()
                .getItems()
                .size();
        f.spec = EngineFixture.spec(nginx);

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().deploy(f.spec, 10)));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage()).contains("checkout-web");
        assertNothingChanged();
        assertThat(f.kube.network().v1().ingresses().inNamespace(NS).list().getItems())
                .hasSize(ingressesBefore);
        assertThat(f.kube.services().inNamespace(NS).list().getItems()).hasSize(1);
    }

    @Test
    void aCanaryLabelThatWouldChangeTheStableSelectorChangesNothing() {
        f.spec = EngineFixture.spec(PLAN, Map.of("target.canaryLabels.app", "checkout-next"));

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().deploy(f.spec, 10)));

        assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
        assertThat(e.getMessage())
                .startsWith("target.canaryLabels.app: \"checkout-next\" changes a label the selector");
        assertNothingChanged();
    }

    @Test
    void prometheusDownMidAnalysisRollsBack() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        f.metrics.downFrom(clock.now().plus(Duration.ofMinutes(2)));

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class,
                () -> drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults())));

        assertThat(e.kind()).isEqualTo(Kind.INFRASTRUCTURE);
        assertThat(e.getMessage()).contains("could not be reached");
        RolloutRecord r = f.record();
        assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(r.weight()).isZero();
        assertThat(replicas(f.canary())).isZero();
        AnalysisRecord window = r.analysis("w10").orElseThrow();
        assertThat(window.verdict()).isEqualTo("ERROR");
        assertThat(window.reason()).contains("could not measure");
        assertThat(window.state().evaluations()).isEqualTo(3);
    }

    @Test
    void secondVersionWhileOneIsInProgressLeavesTheRecordUnchanged() {
        await(f.engine().deploy(f.spec, 10));
        RolloutRecord before = f.record();
        var newer = EngineFixture.spec(PLAN, Map.of("target.image", "ghcr.io/acme/checkout:1.5.0"));

        assertThatThrownBy(() -> await(f.engine().deploy(newer, 50)))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageContaining("runs canary " + NEW_IMAGE)
                .hasMessageContaining("roll it back");

        assertThat(f.record()).isEqualTo(before);
        assertThat(image(f.canary())).isEqualTo(NEW_IMAGE);
        assertThat(replicas(f.canary())).isEqualTo(1);
    }

    private void assertNothingChanged() {
        assertThat(f.hasRecord()).isFalse();
        assertThat(f.canary()).isNull();
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
        assertThat(f.kube.leases().inNamespace(NS).list().getItems()).isEmpty();
    }

    @Test
    void promotionWhoseStableNeverBecomesReadyGetsTheOldImagesBackAndRollsBack() {
        await(f.engine().deploy(f.spec, 50));
        f.cluster.controller().neverReady(NS, STABLE);

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().promote(f.spec)));

        assertThat(e.kind()).isEqualTo(Kind.NOT_READY);
        assertThat(e.getMessage()).contains("deployment shop/checkout").contains("ProgressDeadlineExceeded");
        RolloutRecord r = f.record();
        assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(r.lastTransition().orElseThrow().reason()).startsWith("promotion failed: ");
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
        assertThat(replicas(f.canary())).isZero();
    }

    // Invariant 3

    @Test
    void promotionIsRecordedInStepsAndACrashMidwayIsFinishedByRerunningPromote() {
        await(f.engine().deploy(f.spec, 50));
        try (CrashingClient crashing = new CrashingClient(f.cluster.url())) {
            // Dies right after the stable Deployment got the new image.
            crashing.crashAfterFirst(
                    r -> r.method().equals("PATCH") && r.url().encodedPath().endsWith("/deployments/" + STABLE));
            CanaryEngine doomed = f.engine(f.real, EngineFixture.RUN, crashing.client());
            assertThatThrownBy(() -> await(doomed.promote(f.spec))).isInstanceOf(CanaryGateException.class);
            assertThat(crashing.crashed()).isTrue();
        }
        assertThat(f.record().phase()).isEqualTo(Phase.PROMOTING);
        assertThat(image(f.stable())).isEqualTo(NEW_IMAGE);
        assertThat(f.canary()).isNotNull();

        RolloutStatus done = await(f.engine().promote(f.spec));

        assertThat(done.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(image(f.stable())).isEqualTo(NEW_IMAGE);
        assertThat(f.canary()).isNull();
        assertThat(f.record().history().stream()
                        .map(Transition::to)
                        .filter(p -> p.ordinal() >= Phase.PROMOTING.ordinal()))
                .containsExactly(Phase.PROMOTING, Phase.PROMOTED);
    }

    // Invariant 4

    @Test
    void noDataIsInconclusiveAndPausesInsteadOfPassing() {
        await(f.engine().deploy(f.spec, 10));
        f.metrics.set(ERROR_RATE, null);
        VirtualScheduler clock = EngineFixture.virtualClock();

        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Inconclusive.class);
        assertThat(result.outcome().verdict().reason()).contains("no passing measurement");
        assertThat(result.rolledBack()).isFalse();
        assertThat(result.status().record().phase()).isEqualTo(Phase.PAUSED);
        assertThat(f.record().phase()).isEqualTo(Phase.PAUSED);
        assertThat(f.record().weight()).isEqualTo(10);
    }

    @Test
    void noDataPassesOnlyWhenTheObjectiveSaysSo() {
        f.spec = EngineFixture.spec(PLAN.replace("consecutive: 2", "consecutive: 2\n    noData: pass"));
        await(f.engine().deploy(f.spec, 10));
        f.metrics.set(ERROR_RATE, null);
        VirtualScheduler clock = EngineFixture.virtualClock();

        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(f.record().phase()).isEqualTo(Phase.RUNNING);
    }

    // Invariant 5

    @Test
    void everyDecisionIsRecordedWithItsInputs() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        Instant start = clock.now();
        f.metrics.step(ERROR_RATE, 0.01, start.plus(Duration.ofMinutes(2)), 0.2);

        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        RolloutRecord r = f.record();
        AnalysisRecord window = r.analysis("w10").orElseThrow();
        assertThat(window.queries()).containsEntry("error-rate", ERROR_RATE);
        assertThat(window.thresholds()).containsEntry("error-rate", "<= 0.05");
        assertThat(window.state().started()).isEqualTo(start);
        assertThat(window.state().deadline()).isEqualTo(start.plus(Duration.ofMinutes(5)));
        assertThat(window.state().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(window.verdict()).isEqualTo("FAIL");
        assertThat(window.reason()).isEqualTo("error-rate breached 2 times in a row (0.2 > 0.05)");
        assertThat(window.ended()).isEqualTo(start.plus(Duration.ofSeconds(150)));
        assertThat(window.trigger()).isEqualTo(EngineFixture.RUN);
        assertThat(window.measurements()).hasSize(5);
        assertThat(window.measurements()).allSatisfy(m -> {
            assertThat(m.objective()).isEqualTo("error-rate");
            assertThat(m.threshold()).isEqualTo(0.05);
            assertThat(m.time()).isAfter(start);
            assertThat(m.reason()).isNotBlank();
        });
        Measurement last = window.measurements().get(4);
        assertThat(last.value()).isEqualTo(0.2);
        assertThat(last.outcome()).isEqualTo(Measurement.Outcome.BREACH);
        assertThat(last.time()).isEqualTo(start.plus(Duration.ofSeconds(150)));
        Transition rolledBack = r.lastTransition().orElseThrow();
        assertThat(rolledBack.to()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(rolledBack.reason()).contains("error-rate breached 2 times in a row (0.2 > 0.05)");
        assertThat(rolledBack.trigger()).isEqualTo(EngineFixture.RUN);
        assertThat(rolledBack.at()).isEqualTo(start.plus(Duration.ofSeconds(150)));
    }
}
