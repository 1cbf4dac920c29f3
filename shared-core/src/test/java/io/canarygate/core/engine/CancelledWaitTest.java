package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.PLAN;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A face stops a wait (Jenkins' stop, a person answering an approval gate) by cancelling its future: judging stops,
 * nothing rolls back, and the window stays open in the record for a later re-run to resume.
 */
class CancelledWaitTest {
    private EngineFixture f;

    @AfterEach
    void stop() {
        if (f != null) {
            f.close();
        }
    }

    @Test
    void cancellingAWaitStopsJudgingWithoutRollingBackAndTheWindowResumesLater() throws Exception {
        f = EngineFixture.start(PLAN);
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        CompletableFuture<WaitResult> wait = f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults());
        clock.advance(Duration.ofSeconds(95));
        AnalysisRecord before = f.record().analysis("w10").orElseThrow();
        assertThat(before.state().evaluations()).isPositive();

        assertThat(wait.cancel(false)).isTrue();
        f.metrics.set(ERROR_RATE, 0.5);
        clock.advance(Duration.ofMinutes(1));

        // No evaluation after the cancel, so the breach that followed rolled nothing back.
        AnalysisRecord after = f.record().analysis("w10").orElseThrow();
        assertThat(after.state().evaluations()).isEqualTo(before.state().evaluations());
        assertThat(after.isOver()).isFalse();
        assertThat(f.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(f.record().weight()).isEqualTo(10);
        assertThat(replicas(f.canary())).isEqualTo(1);

        // A re-run resumes the same window; with the breach now in the data it fails and rolls back.
        WaitResult resumed = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(resumed.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(resumed.outcome().state().started()).isEqualTo(before.state().started());
        assertThat(resumed.rolledBack()).isTrue();
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
    }
}
