package io.canarygate.jenkins;

import static io.canarygate.jenkins.PluginFixture.ERROR_RATIO;
import static io.canarygate.jenkins.PluginFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sloWait against a fake StepContext, the mock cluster and a metric source whose values the test sets. */
class SloWaitStepTest {
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

    /** A build that has deployed {@code name} at 10% inside node; returns the context of its next step (outside). */
    private FakeStepContext deployed(String name) throws Throwable {
        fixture.stable(name);
        FakeStepContext deploy = FakeStepContext.build("shop/" + name, 1, PluginFixture.workspace(temp, name));
        PluginFixture.deploy(deploy, 10);
        return deploy.nextStep();
    }

    private static SloWaitStep sloWait(String duration, String interval) {
        SloWaitStep step = new SloWaitStep();
        step.setDuration(duration);
        step.setInterval(interval);
        return step;
    }

    @Test
    void passesAndReturnsTheVerdictWhenTheErrorRateStaysUnderFivePercent() throws Throwable {
        FakeStepContext wait = deployed("pass");
        fixture.metrics.values.put(ERROR_RATIO, 0.01);

        Object result = PluginFixture.run(sloWait("3s", "1s"), wait);

        assertThat(result).isInstanceOf(Map.class);
        Map<?, ?> verdict = (Map<?, ?>) result;
        assertThat(verdict.get("verdict")).isEqualTo("PASS");
        assertThat(verdict.get("rollout")).isEqualTo("pass");
        assertThat(verdict.get("rolledBack")).isEqualTo(false);
        assertThat((Integer) verdict.get("evaluations")).isGreaterThanOrEqualTo(2);
        assertThat(wait.log()).contains("error-rate");
        wait.assertCompletedOnce();
        assertThat(fixture.record("pass").phase()).isEqualTo(Phase.RUNNING);
    }

    @Test
    void rollsBackAndFailsTheStageWhenTheErrorRateStaysAboveFivePercent() throws Throwable {
        FakeStepContext wait = deployed("breach");
        fixture.metrics.values.put(ERROR_RATIO, 0.2);
        try {
            PluginFixture.start(sloWait("30s", "1s"), wait);

            Throwable failure = wait.awaitFailure(TIMEOUT);

            assertThat(failure).isInstanceOf(AbortException.class).hasMessageContaining("FAIL");
            assertThat(failure.getMessage()).contains("rolled back");
            RolloutRecord record = fixture.record("breach");
            assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
            assertThat(record.weight()).isZero();
            wait.assertCompletedOnce();
        } finally {
            fixture.metrics.values.put(ERROR_RATIO, 0.01);
        }
    }

    @Test
    void stopFailsTheStepWithTheCauseOnceAndStopsListening() throws Throwable {
        FakeStepContext wait = deployed("stopped");
        StepExecution e = PluginFixture.start(sloWait("3s", "1s"), wait);
        awaitLog(wait, "error-rate");

        InterruptedException cause = new InterruptedException("aborted by alice");
        e.stop(cause);
        e.stop(cause);

        assertThat(wait.awaitFailure(TIMEOUT)).isSameAs(cause);
        Thread.sleep(3500); // past the window's end: the verdict must not reach the context
        wait.assertCompletedOnce();
        assertThat(e.getStatus()).isEqualTo("finished");
    }

    @Test
    void resumesAfterARestartAndEndsAtTheOriginalDeadline() throws Throwable {
        FakeStepContext wait = deployed("restart");
        long started = System.currentTimeMillis();
        StepExecution before = PluginFixture.start(sloWait("5s", "1s"), wait);
        awaitLog(wait, "error-rate");

        byte[] persisted = serialize(before); // what program.dat holds
        wait.crash(); // the old controller dies: its context and its scheduler are gone
        fixture.restartController();
        Thread.sleep(1500); // downtime

        StepExecution after = deserialize(persisted);
        FakeStepContext resumed = (FakeStepContext) after.getContext();
        after.onResume();
        Map<?, ?> verdict = (Map<?, ?>) resumed.await(TIMEOUT);
        long ended = System.currentTimeMillis();

        assertThat(verdict.get("verdict")).isEqualTo("PASS");
        assertThat(ended - started)
                .as("ends when the original window would have (5s), not 5s after the restart")
                .isBetween(4_000L, 7_000L);
        assertThat(resumed.log()).contains("sloWait: resuming window w10");
        resumed.assertCompletedOnce();
    }

    @Test
    void failsNamingTheConfigWhenThereIsNoWorkspaceAndNoEarlierStep() throws Exception {
        FakeStepContext outside = FakeStepContext.build("shop/none", 1, null);

        PluginFixture.start(sloWait("3s", "1s"), outside);

        assertThat(outside.awaitFailure(TIMEOUT))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("config: no workspace here to read \"canary.yaml\"");
    }

    @Test
    void rejectsADurationThatIsNotOneBeforeStarting() {
        FakeStepContext context = FakeStepContext.build("shop/bad", 1, null);
        assertThatThrownBy(() -> sloWait("fast", "1s").start(context))
                .isInstanceOf(CanaryGateException.class)
                .hasMessage("duration: \"fast\" is not a duration; write e.g. 30s, 5m or 2h");
    }

    static void awaitLog(FakeStepContext context, String text) throws InterruptedException {
        long end = System.currentTimeMillis() + TIMEOUT.toMillis();
        while (!context.log().contains(text)) {
            if (System.currentTimeMillis() > end || context.isDone()) {
                throw new AssertionError("log never showed \"" + text + "\":\n" + context.log());
            }
            Thread.sleep(50);
        }
    }

    static byte[] serialize(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static <T> T deserialize(byte[] bytes) throws IOException, ClassNotFoundException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
            return (T) in.readObject();
        }
    }
}
