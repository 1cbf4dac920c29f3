package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a FAIL verdict makes the rollout do: the decision matrix and who may turn automatic rollback off. */
class AutomaticRollbackTest {
    private EngineFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    /** Deploys 10%, then judges it with the error rate at 20% from the start. */
    private WaitResult failingWait(String plan, WaitOptions options) {
        f = EngineFixture.start(plan);
        await(f.engine().deploy(f.spec, 10));
        f.metrics.set(ERROR_RATE, 0.2);
        VirtualScheduler clock = EngineFixture.virtualClock();
        return drive(clock, f.engine(clock).waitForSlo(f.spec, options));
    }

    private static WaitOptions rollbackOnFailure(boolean rollback) {
        return new WaitOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(rollback));
    }

    @Test
    void rollsBackWhenErrorRateStaysAboveFivePercent() {
        WaitResult result = failingWait(PLAN, WaitOptions.defaults());

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(result.rolledBack()).isTrue();
        assertThat(result.status().record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(result.status().record().weight()).isZero();
        assertThat(replicas(f.canary())).isZero();
        assertThat(f.record().lastTransition().orElseThrow().reason())
                .isEqualTo("error-rate breached 2 times in a row (0.2 > 0.05)");
        assertThat(result.outcome().state().evaluations()).isEqualTo(2);
    }

    @Test
    void holdsAtTheWeightWhenTheCallerTurnsAutomaticRollbackOff() {
        WaitResult result = failingWait(PLAN, rollbackOnFailure(false));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(result.rolledBack()).isFalse();
        assertThat(f.record().phase()).isEqualTo(Phase.PAUSED);
        assertThat(f.record().weight()).isEqualTo(10);
        assertThat(replicas(f.canary())).isEqualTo(1);
        assertThat(f.record().lastTransition().orElseThrow().reason()).contains("automatic rollback is off");
    }

    @Test
    void holdsAtTheWeightWhenTheSpecSaysRollbackIsNotAutomatic() {
        WaitResult result = failingWait(PLAN + "rollback: {automatic: false}\n", WaitOptions.defaults());

        assertThat(result.rolledBack()).isFalse();
        assertThat(f.record().phase()).isEqualTo(Phase.PAUSED);
        assertThat(replicas(f.canary())).isEqualTo(1);
    }

    @Test
    void callerMayAskForTheRollbackTheSpecLeavesToAPerson() {
        WaitResult result = failingWait(PLAN + "rollback: {automatic: false}\n", rollbackOnFailure(true));

        assertThat(result.rolledBack()).isTrue();
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void pausesWhenTheObjectiveSaysOnBreachPause() {
        WaitResult result = failingWait(
                PLAN.replace("consecutive: 2", "consecutive: 2\n    onBreach: pause"), WaitOptions.defaults());

        assertThat(result.outcome().verdict())
                .isInstanceOfSatisfying(
                        Verdict.Fail.class, v -> assertThat(v.action().id()).isEqualTo("pause"));
        assertThat(result.rolledBack()).isFalse();
        assertThat(f.record().phase()).isEqualTo(Phase.PAUSED);
        assertThat(f.record().weight()).isEqualTo(10);
    }

    @Test
    void printsOneProgressLinePerEvaluation() {
        f = EngineFixture.start();
        await(f.engine().deploy(f.spec, 10));
        f.events.clear();
        VirtualScheduler clock = EngineFixture.virtualClock();

        WaitResult result = drive(
                clock,
                f.engine(clock).waitForSlo(f.spec, WaitOptions.of(Duration.ofMinutes(2), Duration.ofSeconds(20))));

        assertThat(result.outcome().state().evaluations()).isEqualTo(6);
        List<String> evaluations = f.events.stream()
                .filter(e -> e instanceof RolloutEvent.Evaluated)
                .map(ProgressFormatter::format)
                .toList();
        assertThat(evaluations).hasSize(6);
        for (int n = 1; n <= 6; n++) {
            assertThat(evaluations.get(n - 1)).startsWith("[w10 #" + n + " ").contains("error-rate 0.01 <= 0.05 ok");
        }
    }
}
