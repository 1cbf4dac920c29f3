package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Gradual rollback on virtual time: steps down with pauses, still judging, and drops to 0 at once on a breach. */
class GradualRollbackTest {
    private EngineFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    private static List<Transition> rollingBack(RolloutRecord r) {
        return r.history().stream()
                .filter(t -> t.to() == Phase.ROLLING_BACK || t.to() == Phase.ROLLED_BACK)
                .toList();
    }

    @Test
    void stepsDownTenPointsEveryThirtySecondsWhileTheObjectivesHold() {
        f = EngineFixture.start();
        await(f.engine().deploy(f.spec, 50));
        VirtualScheduler clock = EngineFixture.virtualClock();
        Instant start = clock.now();

        RolloutStatus done =
                drive(clock, f.engine(clock).rollback(f.spec, "release train cancelled", RollbackMode.GRADUAL));

        assertThat(done.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(replicas(f.canary())).isZero();
        List<Transition> steps = rollingBack(f.record());
        assertThat(steps.stream().map(Transition::weight)).containsExactly(40, 30, 20, 10, 0);
        for (int i = 0; i < steps.size(); i++) {
            assertThat(steps.get(i).at()).isEqualTo(start.plus(Duration.ofSeconds(30L * i)));
        }
        assertThat(steps.get(0).reason()).isEqualTo("release train cancelled (gradual: 40%)");
        assertThat(f.lines()).anyMatch(l -> l.startsWith("[gradual rollback #"));
    }

    @Test
    void dropsToZeroAtOnceWhenAnObjectiveBreachesDuringTheDescent() {
        f = EngineFixture.start();
        await(f.engine().deploy(f.spec, 50));
        VirtualScheduler clock = EngineFixture.virtualClock();
        Instant start = clock.now();
        f.metrics.step(ERROR_RATE, 0.01, start.plus(Duration.ofSeconds(45)), 0.2);

        drive(clock, f.engine(clock).rollback(f.spec, "release train cancelled", RollbackMode.GRADUAL));

        List<Transition> steps = rollingBack(f.record());
        assertThat(steps.stream().map(Transition::weight)).containsExactly(40, 30, 0);
        Transition last = steps.get(2);
        assertThat(last.to()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(last.at()).isEqualTo(start.plus(Duration.ofSeconds(50)));
        assertThat(last.reason()).contains("dropped to 0% at once").contains("0.2 > 0.05");
        assertThat(replicas(f.canary())).isZero();
    }

    @Test
    void dropsToZeroAtOnceWhenPrometheusGoesDownDuringTheDescent() {
        f = EngineFixture.start();
        await(f.engine().deploy(f.spec, 50));
        VirtualScheduler clock = EngineFixture.virtualClock();
        Instant start = clock.now();
        f.metrics.downFrom(start.plus(Duration.ofSeconds(15)));

        drive(clock, f.engine(clock).rollback(f.spec, "release train cancelled", RollbackMode.GRADUAL));

        List<Transition> steps = rollingBack(f.record());
        assertThat(steps.stream().map(Transition::weight)).containsExactly(40, 0);
        assertThat(steps.get(1).to()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(steps.get(1).reason()).contains("dropped to 0% at once: could not measure");
        assertThat(replicas(f.canary())).isZero();
    }

    @Test
    void failedGateWithOnBreachGradualRollbackStepsDown() {
        f = EngineFixture.start(PLAN.replace("consecutive: 2", "consecutive: 2\n    onBreach: gradual-rollback")
                + "rollback: {gradual: {step: 20, pause: 1m}}\n");
        await(f.engine().deploy(f.spec, 50));
        VirtualScheduler clock = EngineFixture.virtualClock();
        Instant start = clock.now();
        // Two breaches fail the gate at 1m; the canary recovers as its share shrinks.
        f.metrics.script(ERROR_RATE, t -> t.isBefore(start.plus(Duration.ofSeconds(61))) ? 0.2 : 0.01);

        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.rolledBack()).isTrue();
        assertThat(result.status().record().phase()).isEqualTo(Phase.ROLLED_BACK);
        List<Transition> steps = rollingBack(f.record());
        assertThat(steps.stream().map(Transition::weight)).containsExactly(30, 10, 0);
        assertThat(steps.get(0).at()).isEqualTo(start.plus(Duration.ofMinutes(1)));
        assertThat(steps.get(2).at()).isEqualTo(start.plus(Duration.ofMinutes(3)));
    }
}
