package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.NEW_IMAGE;
import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.image;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.state.Phase;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A whole plan in one go on wall-clock time (short windows): weights, a timed pause, an approval gate, promotion. */
class PlanRunnerTest {
    static final String PLAN =
            """
            objectives:
              - name: error-rate
                query: 'error_rate{version="canary"}'
                op: "<="
                threshold: 0.05
            steps:
              - weight: 10
                analysis: {duration: 2s, interval: 1s}
              - pause: {duration: 1s}
              - pause: {}
              - weight: 50
                analysis: {duration: 2s, interval: 1s}
            """;

    private EngineFixture f;
    private final List<Integer> asked = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        f = EngineFixture.start(PLAN);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void runsEveryStepAndPromotesWhenTheGatesPassAndThePersonApproves() {
        PlanRunner.Result result = await(new PlanRunner(f.engine(), f.real).run(f.spec, (step, status) -> {
            asked.add(step);
            assertThat(status.record().weight()).isEqualTo(10);
            return CompletableFuture.completedFuture(true);
        }));

        assertThat(result.promoted()).isTrue();
        assertThat(result.analyses()).hasSize(2);
        assertThat(asked).containsExactly(2);
        assertThat(image(f.stable())).isEqualTo(NEW_IMAGE);
        assertThat(f.canary()).isNull();
        assertThat(f.record().analyses().stream().map(a -> a.key())).containsExactly("w10", "w50");
    }

    @Test
    void rollsBackWhenThePersonDeclines() {
        PlanRunner.Result result = await(new PlanRunner(f.engine(), f.real)
                .run(f.spec, (step, status) -> CompletableFuture.completedFuture(false)));

        assertThat(result.promoted()).isFalse();
        assertThat(result.status().record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(f.record().lastTransition().orElseThrow().reason()).isEqualTo("not approved at step 3");
        assertThat(replicas(f.canary())).isZero();
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
    }

    @Test
    void stopsAtAFailedGateWithTheCanaryRolledBack() {
        f.metrics.set(EngineFixture.ERROR_RATE, 0.3);

        PlanRunner.Result result = await(new PlanRunner(f.engine(), f.real).run(f.spec, (step, status) -> {
            asked.add(step);
            return CompletableFuture.completedFuture(true);
        }));

        assertThat(result.promoted()).isFalse();
        assertThat(result.status().record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(asked).isEmpty();
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
    }
}
