package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.OTHER_RUN;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two pipelines on one rollout: the second fails at once, naming the one that holds it. */
class TwoEnginesTest {
    private EngineFixture f;

    @BeforeEach
    void start() {
        f = EngineFixture.start();
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void secondPipelineFailsAtOnceNamingTheHolderWhileTheFirstJudges() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        CompletableFuture<WaitResult> judging = f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults());
        clock.advance(Duration.ofSeconds(61));
        RolloutRecord before = f.record();
        CanaryEngine other = f.engine(f.real, OTHER_RUN, f.kube);

        CanaryGateException deploy =
                catchThrowableOfType(CanaryGateException.class, () -> await(other.deploy(f.spec, 50)));
        CanaryGateException rollback = catchThrowableOfType(
                CanaryGateException.class, () -> await(other.rollback(f.spec, "not mine", RollbackMode.IMMEDIATE)));

        for (CanaryGateException e : new CanaryGateException[] {deploy, rollback}) {
            assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
            assertThat(e.getMessage()).contains("held by cli run run-1 (alice)");
        }
        assertThat(f.record()).isEqualTo(before);
        assertThat(f.record().weight()).isEqualTo(10);

        WaitResult result = drive(clock, judging);
        assertThat(result.status().record().phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void secondPipelineCannotTakeOverARolloutStartedByAnother() {
        await(f.engine().deploy(f.spec, 10));
        RolloutRecord before = f.record();

        CanaryGateException e = catchThrowableOfType(
                CanaryGateException.class,
                () -> await(f.engine(f.real, OTHER_RUN, f.kube).deploy(f.spec, 50)));

        assertThat(e.kind()).isEqualTo(Kind.CONFLICT);
        assertThat(e.getMessage()).contains("started by cli run run-1 (alice)");
        assertThat(f.record()).isEqualTo(before);
    }
}
