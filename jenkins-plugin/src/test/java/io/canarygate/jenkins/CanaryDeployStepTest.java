package io.canarygate.jenkins;

import static io.canarygate.jenkins.PluginFixture.TIMEOUT;
import static org.assertj.core.api.Assertions.assertThat;

import hudson.AbortException;
import io.canarygate.core.state.Trigger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryDeployStepTest {
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
    void deploysTheCanaryAtTenPercentAndReturnsWhereTheRolloutStands() throws Throwable {
        fixture.stable("checkout");
        FakeStepContext context = FakeStepContext.build("shop/checkout", 7, PluginFixture.workspace(temp, "checkout"));

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryDeployStep(10), context);

        assertThat(result.get("rollout")).isEqualTo("checkout");
        assertThat(result.get("phase")).isEqualTo("RUNNING");
        assertThat(result.get("weight")).isEqualTo(10);
        assertThat(result.get("canaryReady")).isEqualTo(1);
        assertThat(fixture.record("checkout").owner())
                .as("the build is the trigger and lease holder")
                .isEqualTo(new Trigger("jenkins", "shop/checkout#7", null, "job/shop/checkout/7/"));
        CanaryRunAction page = CanaryRunAction.of(context.build().run);
        assertThat(page.getPhase()).isEqualTo("RUNNING");
        assertThat(page.getReport()).contains("checkout");
        context.assertCompletedOnce();
    }

    @Test
    void laterStepsOutsideNodeReuseTheCanaryYamlAndImageOfTheFirst() throws Throwable {
        fixture.stable("cart");
        Path ws = PluginFixture.workspace(temp, "cart");
        FakeStepContext first = FakeStepContext.build("shop/cart", 1, ws);
        CanaryDeployStep deploy = new CanaryDeployStep(10);
        deploy.setImage("ghcr.io/acme/cart:2.0.0");
        PluginFixture.run(deploy, first);

        FakeStepContext outside = first.nextStep();
        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryDeployStep(50), outside);

        assertThat(result.get("weight")).isEqualTo(50);
        assertThat(fixture.record("cart").canaryImages()).containsValue("ghcr.io/acme/cart:2.0.0");
    }

    @Test
    void readsThePrometheusSecretFromTheCredentialAndNeverPrintsIt() throws Throwable {
        fixture.stable("payments");
        Path ws = PluginFixture.workspace(temp, "payments");
        String yaml = Files.readString(ws.resolve("canary.yaml"))
                .replace("url: http://127.0.0.1:9", "url: http://127.0.0.1:9\n    auth: {bearer: {env: PROM_TOKEN}}");
        Files.writeString(ws.resolve("canary.yaml"), yaml);
        fixture.secrets.put("prom-token", "s3cr3t-t0ken");
        FakeStepContext context = FakeStepContext.build("shop/payments", 1, ws);
        CanaryDeployStep deploy = new CanaryDeployStep(10);
        deploy.setPrometheusCredentialsId("prom-token");

        PluginFixture.run(deploy, context);

        assertThat(fixture.metrics.lastToken).isEqualTo("s3cr3t-t0ken");
        assertThat(context.log()).doesNotContain("s3cr3t");
        assertThat(CanaryRunAction.of(context.build().run).getReport()).doesNotContain("s3cr3t");
    }

    @Test
    void aRestartDuringTheDeployFailsTheStepAndRunningItAgainFinishesIt() throws Throwable {
        fixture.stable("slowpoke");
        fixture.cluster.controller().readyAfter("shop", "slowpoke-canary", Duration.ofSeconds(3));
        Path ws = PluginFixture.workspace(temp, "slowpoke");
        FakeStepContext context = FakeStepContext.build("shop/slowpoke", 4, ws);
        StepExecution before = PluginFixture.start(new CanaryDeployStep(10), context);
        SloWaitStepTest.awaitLog(context, "slowpoke-canary: 0/1 ready");

        byte[] persisted = SloWaitStepTest.serialize(before);
        context.crash();
        fixture.restartController();
        StepExecution after = SloWaitStepTest.deserialize(persisted);
        after.onResume();

        FakeStepContext resumed = (FakeStepContext) after.getContext();
        assertThat(resumed.awaitFailure(TIMEOUT))
                .as("a short step does not resume; Pipeline tells the user to run it again")
                .hasMessageContaining("Resume after a restart not supported");
        Map<?, ?> again = (Map<?, ?>) PluginFixture.run(new CanaryDeployStep(10), resumed.nextStep());
        assertThat(again.get("phase")).isEqualTo("RUNNING");
        assertThat(again.get("weight")).isEqualTo(10);
    }

    @Test
    void stopEndsTheStepWithTheCauseWhileTheCanaryIsStillStarting() throws Throwable {
        fixture.stable("stopper");
        fixture.cluster.controller().readyAfter("shop", "stopper-canary", Duration.ofSeconds(3));
        FakeStepContext context = FakeStepContext.build("shop/stopper", 1, PluginFixture.workspace(temp, "stopper"));
        StepExecution e = PluginFixture.start(new CanaryDeployStep(10), context);
        SloWaitStepTest.awaitLog(context, "stopper-canary: 0/1 ready");

        e.stop(new InterruptedException("aborted by alice"));

        // The interrupted wait and stop() both report; either way the step ends now, not when the canary is ready.
        assertThat(context.awaitFailure(Duration.ofSeconds(2))).isInstanceOf(InterruptedException.class);
    }

    @Test
    void failsNamingTheFileWhenTheWorkspaceHasNoCanaryYaml() throws Exception {
        FakeStepContext context = FakeStepContext.build("shop/empty", 1, Files.createDirectories(temp.resolve("ws")));
        CanaryDeployStep deploy = new CanaryDeployStep(10);
        deploy.setConfig("deploy/canary.yaml");

        PluginFixture.start(deploy, context);

        assertThat(context.awaitFailure(TIMEOUT))
                .isInstanceOf(AbortException.class)
                .hasMessageStartingWith("config: \"deploy/canary.yaml\" is not in the workspace");
    }

    @Test
    void reportsAnInvalidSpecWithTheFieldAndChangesNothing() throws Exception {
        Path ws = Files.createDirectories(temp.resolve("bad"));
        Files.writeString(ws.resolve("canary.yaml"), "target:\n  deployment: nowhere\n  image: x:1\nsteps: fast\n");
        FakeStepContext context = FakeStepContext.build("shop/bad", 1, ws);

        PluginFixture.start(new CanaryDeployStep(10), context);

        assertThat(context.awaitFailure(TIMEOUT))
                .isInstanceOf(AbortException.class)
                .hasMessageContaining("steps");
        assertThat(new io.canarygate.core.state.RecordStore(fixture.cluster.client()).read("default", "nowhere"))
                .isEmpty();
    }
}
