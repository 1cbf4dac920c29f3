package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A controller runs hundreds of pipelines: waiting sloWait steps share the plugin's two scheduler threads. */
class ConcurrentWaitsTest {
    private static final int WAITS = 200;

    private static PluginFixture fixture;

    @TempDir
    Path temp;

    @BeforeAll
    static void startCluster() {
        fixture = new PluginFixture();
    }

    @AfterAll
    static void stopCluster() {
        fixture.close();
    }

    @Test
    void twoHundredWaitingSloWaitsHoldNoThreadEach() throws Throwable {
        long t0 = System.currentTimeMillis();
        List<FakeStepContext> deploys = new ArrayList<>();
        for (int i = 0; i < WAITS; i++) {
            String name = "svc-" + i;
            fixture.cluster.createStable("shop", name, "ghcr.io/acme/" + name + ":1.3.0", 2);
            FakeStepContext c =
                    FakeStepContext.build("shop/" + name, 1, PluginFixture.workspace(temp.resolve(name), name));
            PluginFixture.start(new CanaryDeployStep(10), c);
            deploys.add(c);
        }
        for (FakeStepContext c : deploys) {
            c.await(Duration.ofSeconds(120));
        }
        long t1 = System.currentTimeMillis();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        int before = threads.getThreadCount();
        int queriesBefore = fixture.metrics.queries.get();

        List<FakeStepContext> waits = new ArrayList<>();
        for (FakeStepContext deploy : deploys) {
            SloWaitStep step = new SloWaitStep();
            step.setDuration("6s");
            step.setInterval("2s");
            FakeStepContext c = deploy.nextStep();
            PluginFixture.start(step, c);
            waits.add(c);
        }
        int peak = threads.getThreadCount();
        long deadline = System.currentTimeMillis() + 120_000;
        boolean allWaiting = false;
        while (!waits.stream().allMatch(FakeStepContext::isDone)) {
            assertThat(System.currentTimeMillis()).as("waits done in time").isLessThan(deadline);
            peak = Math.max(peak, threads.getThreadCount());
            if (!allWaiting && fixture.metrics.queries.get() - queriesBefore >= WAITS) {
                // As many evaluations as waits, and not one window over: all of them are waiting at once.
                assertThat(waits).noneMatch(FakeStepContext::isDone);
                allWaiting = true;
            }
            Thread.sleep(100);
        }
        int evaluating = fixture.metrics.queries.get() - queriesBefore;

        assertThat(allWaiting)
                .as("all %d waits were judging at the same time", WAITS)
                .isTrue();
        assertThat(peak - before)
                .as("threads added by %d waiting sloWait steps", WAITS)
                .isLessThanOrEqualTo(8);
        for (FakeStepContext c : waits) {
            Map<?, ?> verdict = (Map<?, ?>) c.await(Duration.ofSeconds(1));
            assertThat(verdict.get("verdict")).isEqualTo("PASS");
            c.assertCompletedOnce();
        }
        System.out.printf(
                "ConcurrentWaitsTest: deploys %d ms, waits %d ms, live threads %d -> peak %d, evaluations %d%n",
                t1 - t0, System.currentTimeMillis() - t1, before, peak, evaluating);
    }
}
