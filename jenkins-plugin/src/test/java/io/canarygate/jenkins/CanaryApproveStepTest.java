package io.canarygate.jenkins;

import static io.canarygate.jenkins.PluginFixture.ERROR_RATIO;
import static io.canarygate.jenkins.PluginFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.AbortException;
import hudson.model.Result;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.state.Phase;
import java.nio.file.Path;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** canaryApprove: an answer, a breach or the timeout ends it, whichever comes first; it survives a restart. */
class CanaryApproveStepTest {
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

    @AfterEach
    void healthyAgain() {
        fixture.metrics.values.put(ERROR_RATIO, 0.01);
    }

    private FakeStepContext deployed(String name) throws Throwable {
        fixture.stable(name);
        FakeStepContext deploy = FakeStepContext.build("shop/" + name, 1, PluginFixture.workspace(temp, name));
        PluginFixture.deploy(deploy, 10);
        return deploy.nextStep();
    }

    private static CanaryApproveStep approve(String timeout, String onTimeout) {
        CanaryApproveStep step = new CanaryApproveStep();
        step.setMessage("Go to 50%?");
        step.setTimeout(timeout);
        step.setOnTimeout(onTimeout);
        step.setInterval("1s");
        return step;
    }

    private static CanaryApproveStepExecution waiting(CanaryApproveStep step, FakeStepContext context)
            throws Exception {
        CanaryApproveStepExecution e = (CanaryApproveStepExecution) PluginFixture.start(step, context);
        SloWaitStepTest.awaitLog(context, "canaryApprove: Go to 50%?");
        return e;
    }

    @Test
    void proceedReturnsTheApproverAndTheBuildPageShowedTheLiveSloValues() throws Throwable {
        FakeStepContext gate = deployed("approved");
        CanaryApproveStepExecution e = waiting(approve("30s", null), gate);
        CanaryRunAction page = CanaryRunAction.of(gate.build().run);
        SloWaitStepTest.awaitLog(gate, "error-rate");
        assertThat(page.getPendingApprovals()).singleElement().satisfies(a -> {
            assertThat(a.getMessage()).isEqualTo("Go to 50%?");
            assertThat(a.getLatest()).contains("error-rate");
        });

        assertThat(CanaryApproveStepExecution.answer(e.getId(), true, "alice")).isTrue();

        Map<?, ?> result = (Map<?, ?>) gate.await(TIMEOUT);
        assertThat(result.get("approved")).isEqualTo(true);
        assertThat(result.get("approver")).isEqualTo("alice");
        assertThat(page.getPendingApprovals()).isEmpty();
        assertThat(page.getApprovals()).singleElement().satisfies(a -> {
            assertThat(a.getState()).isEqualTo("APPROVED");
            assertThat(a.getBy()).isEqualTo("alice");
        });
        assertThat(fixture.record("approved").phase()).isEqualTo(Phase.RUNNING);
        assertThat(CanaryApproveStepExecution.answer(e.getId(), false, "bob"))
                .as("a settled approval takes no further answers")
                .isFalse();
        gate.assertCompletedOnce();
    }

    @Test
    void abortRollsBackAndEndsTheBuildAsAborted() throws Throwable {
        FakeStepContext gate = deployed("aborted");
        CanaryApproveStepExecution e = waiting(approve("30s", null), gate);

        CanaryApproveStepExecution.answer(e.getId(), false, "bob");

        Throwable failure = gate.awaitFailure(TIMEOUT);
        assertThat(failure).isInstanceOf(FlowInterruptedException.class);
        assertThat(((FlowInterruptedException) failure).getResult()).isSameAs(Result.ABORTED);
        assertThat(fixture.record("aborted").phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(fixture.record("aborted").weight()).isZero();
        gate.assertCompletedOnce();
    }

    @Test
    void rollsBackAndFailsOnABreachBeforeAnyoneAnswers() throws Throwable {
        FakeStepContext gate = deployed("breach-waiting");
        waiting(approve("30s", null), gate);

        fixture.metrics.values.put(ERROR_RATIO, 0.3);

        assertThat(gate.awaitFailure(TIMEOUT))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("SLO breached before anyone answered")
                .hasMessageContaining("rolled back");
        assertThat(fixture.record("breach-waiting").phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(CanaryRunAction.of(gate.build().run).getPendingApprovals()).isEmpty();
    }

    @Test
    void rollsBackWhenNobodyAnswersInTime() throws Throwable {
        FakeStepContext gate = deployed("unanswered");
        PluginFixture.start(approve("3s", "rollback"), gate);

        assertThat(gate.awaitFailure(TIMEOUT))
                .isInstanceOf(AbortException.class)
                .hasMessage("canaryApprove: nobody answered within 3s; rolled back");
        assertThat(fixture.record("unanswered").phase()).isEqualTo(Phase.ROLLED_BACK);
    }

    @Test
    void promotesOnTimeoutWhenAskedToAndTheSlosHeldThroughout() throws Throwable {
        FakeStepContext gate = deployed("promote-on-timeout");
        PluginFixture.start(approve("3s", "promote"), gate);

        Map<?, ?> result = (Map<?, ?>) gate.await(TIMEOUT);

        assertThat(result.get("promotedOnTimeout")).isEqualTo(true);
        assertThat(result.get("phase")).isEqualTo("PROMOTED");
        assertThat(fixture.record("promote-on-timeout").phase()).isEqualTo(Phase.PROMOTED);
    }

    @Test
    void stillTakesTheAnswerAfterAControllerRestart() throws Throwable {
        FakeStepContext gate = deployed("restarted-gate");
        CanaryApproveStepExecution before = waiting(approve("30s", null), gate);
        SloWaitStepTest.awaitLog(gate, "error-rate");

        byte[] persisted = SloWaitStepTest.serialize(before);
        gate.crash();
        fixture.restartController();
        StepExecution after = SloWaitStepTest.deserialize(persisted);
        FakeStepContext resumed = (FakeStepContext) after.getContext();
        after.onResume();
        SloWaitStepTest.awaitLog(resumed, "still waiting for an answer after a restart");

        assertThat(CanaryApproveStepExecution.answer(before.getId(), true, "carol"))
                .isTrue();

        Map<?, ?> result = (Map<?, ?>) resumed.await(TIMEOUT);
        assertThat(result.get("approver")).isEqualTo("carol");
        resumed.assertCompletedOnce();
    }

    @Test
    void aSubmitterListIsKeptWithTheApprovalTheBuildPageShows() throws Throwable {
        FakeStepContext gate = deployed("restricted");
        CanaryApproveStep step = approve("30s", null);
        step.setSubmitter(" alice,release-managers ");
        CanaryApproveStepExecution e = waiting(step, gate);
        CanaryRunAction page = CanaryRunAction.of(gate.build().run);
        assertThat(page.getPendingApprovals()).singleElement().satisfies(a -> assertThat(a.getSubmitter())
                .isEqualTo("alice,release-managers"));
        assertThat(CanaryApproveStepExecution.answer(e.getId(), true, "alice")).isTrue();
        assertThat(((Map<?, ?>) gate.await(TIMEOUT)).get("approver")).isEqualTo("alice");
    }

    @Test
    void rejectsASubmitterListNamingNobodyBeforeWaiting() {
        FakeStepContext context = FakeStepContext.build("shop/bad", 1, null);
        CanaryApproveStep step = approve("4h", null);
        step.setSubmitter(",");
        assertThatThrownBy(() -> step.start(context))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("submitter: \",\" names no user or group");
    }

    @Test
    void rejectsAnUnknownOnTimeoutBeforeWaiting() {
        FakeStepContext context = FakeStepContext.build("shop/bad", 1, null);
        assertThatThrownBy(() -> approve("4h", "wait").start(context))
                .isInstanceOf(CanaryGateException.class)
                .hasMessage("onTimeout: \"wait\" is not allowed; write rollback, promote or fail");
    }
}
