package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.CANARY;
import static io.canarygate.core.engine.EngineFixture.NEW_IMAGE;
import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.image;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.time.VirtualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runbook when all goes well: 10%, judge, 50%, judge, promote. */
class HappyPathTest {
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
    void deploysTenPercentPassesTheGateGoesToFiftyAndPromotes() {
        CanaryEngine engine = f.engine();

        RolloutStatus at10 = await(engine.deploy(f.spec, 10));
        assertThat(at10.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(at10.record().weight()).isEqualTo(10);
        assertThat(at10.routerWeight()).isEqualTo(10);
        assertThat(at10.canaryReady()).isEqualTo(1);
        assertThat(image(f.canary())).isEqualTo(NEW_IMAGE);
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);

        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult gate = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(gate.outcome().verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(gate.outcome().state().evaluations()).isEqualTo(10);
        assertThat(gate.rolledBack()).isFalse();
        assertThat(gate.status().record().phase()).isEqualTo(Phase.RUNNING);

        RolloutStatus at50 = await(engine.deploy(f.spec, 50));
        assertThat(at50.record().weight()).isEqualTo(50);
        assertThat(at50.canaryReplicas()).isEqualTo(3);
        assertThat(at50.canaryReady()).isEqualTo(3);
        assertThat(at50.routerWeight()).isEqualTo(50);

        RolloutStatus promoted = await(engine.promote(f.spec));
        assertThat(promoted.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(image(f.stable())).isEqualTo(NEW_IMAGE);
        assertThat(f.canary()).isNull();
        assertThat(promoted.stableReady()).isEqualTo(3);

        RolloutRecord r = f.record();
        assertThat(r.history().stream().map(Transition::to))
                .containsSubsequence(
                        Phase.DEPLOYING,
                        Phase.RUNNING,
                        Phase.DEPLOYING,
                        Phase.RUNNING,
                        Phase.PROMOTING,
                        Phase.PROMOTED);
        assertThat(r.analyses()).singleElement().satisfies(a -> {
            assertThat(a.key()).isEqualTo("w10");
            assertThat(a.verdict()).isEqualTo("PASS");
        });
        assertThat(f.lines()).anyMatch(l -> l.startsWith("[w10 #1 ") && l.contains("error-rate"));
        assertThat(replicas(f.deployment(CANARY))).isZero();
    }
}
