package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.CANARY;
import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.NEW_IMAGE;
import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.STABLE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static io.canarygate.core.engine.EngineFixture.image;
import static io.canarygate.core.engine.EngineFixture.replicas;
import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.time.SystemScheduler;
import io.canarygate.core.time.VirtualScheduler;
import io.canarygate.core.traffic.ReplicaRatioRouter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Crash and resume, black box: the engine "crashes" after its k-th request to the API server (every later request of
 * that engine fails, so it cannot compensate either, and its scheduler is then killed), for every k of a clean run;
 * a fresh engine of the same pipeline run re-runs the operation and must reach the clean end state.
 */
class CrashResumeTest {
    private EngineFixture f;

    @BeforeEach
    void start() {
        f = EngineFixture.start();
        f.cluster.controller().readyAfter(Duration.ZERO);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void deployCrashedAtAnyRequestConvergesWhenRerun() {
        sweep(() -> {}, engine -> engine.deploy(f.spec, 10), () -> {
            RolloutRecord r = f.record();
            assertThat(r.phase()).isEqualTo(Phase.RUNNING);
            assertThat(r.weight()).isEqualTo(10);
            assertThat(f.canary().getStatus().getReadyReplicas()).isEqualTo(1);
            assertThat(image(f.canary())).isEqualTo(NEW_IMAGE);
            assertThat(routerWeight()).isEqualTo(10);
            assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
        });
    }

    @Test
    void promoteCrashedAtAnyRequestConvergesWhenRerun() {
        sweep(() -> await(f.engine().deploy(f.spec, 50)), engine -> engine.promote(f.spec), () -> {
            RolloutRecord r = f.record();
            assertThat(r.phase()).isEqualTo(Phase.PROMOTED);
            assertThat(image(f.stable())).isEqualTo(NEW_IMAGE);
            assertThat(f.canary()).isNull();
            assertThat(r.history().stream().filter(t -> t.to() == Phase.PROMOTED))
                    .hasSize(1);
        });
    }

    @Test
    void rollbackCrashedAtAnyRequestConvergesWhenRerun() {
        sweep(
                () -> await(f.engine().deploy(f.spec, 50)),
                engine -> engine.rollback(f.spec, "errors on checkout", RollbackMode.IMMEDIATE),
                () -> {
                    RolloutRecord r = f.record();
                    assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);
                    assertThat(r.weight()).isZero();
                    assertThat(replicas(f.canary())).isZero();
                    assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
                });
    }

    /**
     * Runs {@code operation} once cleanly to count its requests N, then for k = 1..N-1 crashes it after request k and
     * re-runs it with a fresh engine. Every k that does not converge is reported.
     */
    private void sweep(
            Runnable setup, Function<CanaryEngine, CompletableFuture<?>> operation, Runnable assertCleanEndState) {
        setup.run();
        int n;
        List<String> clean;
        try (CrashingClient counting = new CrashingClient(f.cluster.url())) {
            await(operation.apply(f.engine(f.real, EngineFixture.RUN, counting.client())));
            n = counting.requests();
            clean = counting.log();
        }
        assertCleanEndState.run();
        assertThat(n).as("requests of a clean run").isGreaterThan(5);

        List<String> failures = new ArrayList<>();
        int crashes = 0;
        for (int k = 1; k < n; k++) {
            if (k >= 2
                    && clean.get(k - 1).equals(clean.get(k - 2))
                    && clean.get(k - 1).startsWith("GET ")) {
                // Another poll of the same object (readiness): the same crash point as the one before.
                continue;
            }
            crashes++;
            reset();
            setup.run();
            List<String> requests = crash(operation, k);
            try {
                await(operation.apply(f.engine()));
                assertCleanEndState.run();
            } catch (RuntimeException | AssertionError e) {
                failures.add("crash after request " + k + " (" + requests.get(requests.size() - 1) + "): " + e);
            }
        }
        assertThat(failures)
                .as("re-runs that did not converge, of " + (n - 1) + " crashes")
                .isEmpty();
    }

    /** Runs {@code operation} on an engine that dies after request k; returns the requests it made. */
    private List<String> crash(Function<CanaryEngine, CompletableFuture<?>> operation, int k) {
        try (CrashingClient crashing = new CrashingClient(f.cluster.url()).crashAfter(k);
                SystemScheduler doomed = new SystemScheduler(1)) {
            CompletableFuture<?> run = operation.apply(f.engine(doomed, EngineFixture.RUN, crashing.client()));
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!crashing.crashed() && !run.isDone() && System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            assertThat(crashing.crashed() || run.isDone()).as("crash " + k).isTrue();
            return crashing.log();
        }
    }

    /** Back to a stable Deployment on 1.3.0 with no rollout. */
    private void reset() {
        f.kube.configMaps()
                .inNamespace(NS)
                .withName(RecordStore.objectName("checkout"))
                .delete();
        f.kube.leases()
                .inNamespace(NS)
                .withName(RecordStore.objectName("checkout"))
                .delete();
        f.kube.apps().deployments().inNamespace(NS).withName(CANARY).delete();
        if (!image(f.stable()).equals(OLD_IMAGE)) {
            new Workloads(f.kube).setImages(NS, STABLE, Map.of("app", OLD_IMAGE));
        }
        f.awaitReady(STABLE);
    }

    private int routerWeight() {
        ReplicaRatioRouter router = new ReplicaRatioRouter(f.kube);
        return router.weight(new Workloads(f.kube).target("checkout", f.stable(), Map.of()));
    }

    @Test
    void waitInterruptedMidWindowResumesWithTheSameDeadlineAndCounters() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler first = EngineFixture.virtualClock();
        Instant start = first.now();
        // One breach at 2m (evaluation 4); the next one, at 2m30s, makes two in a row.
        f.metrics.step(ERROR_RATE, 0.01, start.plus(Duration.ofSeconds(100)), 0.2);
        f.engine(first).waitForSlo(f.spec, WaitOptions.defaults());
        first.advance(Duration.ofSeconds(121));
        AnalysisState saved = f.record().analysis("w10").orElseThrow().state();
        assertThat(saved.evaluations()).isEqualTo(4);
        assertThat(saved.objective("error-rate").consecutiveBreaches()).isEqualTo(1);
        // The first process dies here: its clock never runs again. A new one starts 10 s later.

        VirtualScheduler second = new VirtualScheduler(first.now().plus(Duration.ofSeconds(10)));
        WaitResult result = drive(second, f.engine(second).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        AnalysisState end = result.outcome().state();
        assertThat(end.started()).isEqualTo(saved.started());
        assertThat(end.deadline()).isEqualTo(saved.deadline());
        assertThat(end.evaluations()).isEqualTo(5);
        assertThat(second.now()).isEqualTo(start.plus(Duration.ofSeconds(150)));
        assertThat(result.outcome().verdict().reason()).isEqualTo("error-rate breached 2 times in a row (0.2 > 0.05)");
        assertThat(f.lines()).anyMatch(l -> l.startsWith("resuming window w10 at evaluation 4"));
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void waitRerunAfterItFailedAndRolledBackReturnsThatVerdictAgain() {
        await(f.engine().deploy(f.spec, 10));
        f.metrics.set(ERROR_RATE, 0.2);
        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult first = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(first.rolledBack()).isTrue();
        int calls = f.metrics.calls();
        RolloutRecord before = f.record();

        WaitResult again = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(again.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(again.outcome().verdict().reason())
                .isEqualTo(first.outcome().verdict().reason());
        assertThat(again.rolledBack()).isTrue();
        assertThat(again.status().record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(f.metrics.calls()).isEqualTo(calls);
        assertThat(f.record()).isEqualTo(before);
    }

    @Test
    void finishedWindowReturnsItsVerdictAgainWhenRerun() {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult first = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        int calls = f.metrics.calls();

        WaitResult again = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));

        assertThat(again.outcome().verdict()).isEqualTo(first.outcome().verdict());
        assertThat(f.metrics.calls()).isEqualTo(calls);
        assertThat(f.record().analyses()).hasSize(1);
    }
}
