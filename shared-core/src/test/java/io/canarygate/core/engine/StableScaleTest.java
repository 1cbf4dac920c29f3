package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.RUN;
import static io.canarygate.core.engine.EngineFixture.STABLE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * While a window judges, the canary keeps its share of the stable Deployment's size: a HorizontalPodAutoscaler scaling
 * the stable one under load (played here by the test scaling it) must not leave the canary's few pods with a larger
 * share of the load each, which would breach latency objectives the new version meets.
 */
class StableScaleTest {
    private static final Duration INTERVAL = Duration.ofSeconds(30);

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
    void theCanaryFollowsTheStableDeploymentScaledUpAndDownDuringTheWindow() {
        await(f.engine().deploy(f.spec, 10));
        assertThat(replicas(f.canary())).as("10% of 3 stable replicas").isEqualTo(1);

        VirtualScheduler clock = EngineFixture.virtualClock();
        CompletableFuture<WaitResult> gate = f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults());
        clock.advance(INTERVAL);
        scaleStable(20);
        clock.advance(INTERVAL);
        assertThat(replicas(f.canary())).as("10% of 20").isEqualTo(2);
        scaleStable(4);
        clock.advance(INTERVAL);
        assertThat(replicas(f.canary())).as("10% of 4, at least one").isEqualTo(1);

        WaitResult result = drive(clock, gate);
        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(result.status().record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(f.lines())
                .contains(
                        "checkout now runs 20 replica(s); checkout-canary follows at 10%: 1 -> 2 replica(s)",
                        "checkout now runs 4 replica(s); checkout-canary follows at 10%: 2 -> 1 replica(s)");
        assertThat(f.lines()).filteredOn(l -> l.contains("follows at")).hasSize(2);
    }

    @Test
    void aCanaryThatCannotBeScaledIsReportedAndTheWindowIsStillJudged() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        try (CrashingClient refusing = new CrashingClient(f.cluster.url())
                .refuse(r -> r.method().equals("PATCH") && r.url().encodedPath().endsWith("/checkout-canary"))) {
            CompletableFuture<WaitResult> gate =
                    f.engine(clock, RUN, refusing.client()).waitForSlo(f.spec, WaitOptions.defaults());
            clock.advance(INTERVAL);
            scaleStable(20);

            WaitResult result = drive(clock, gate);

            assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Pass.class);
            assertThat(replicas(f.canary())).isEqualTo(1);
            assertThat(f.lines())
                    .anyMatch(l -> l.startsWith("could not scale the canary to follow checkout: ")
                            && l.endsWith("; trying again at the next evaluation"));
        }
    }

    private void scaleStable(int replicas) {
        f.kube.apps().deployments().inNamespace(NS).withName(STABLE).edit(d -> {
            d.getSpec().setReplicas(replicas);
            return d;
        });
    }
}
