package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryStatusStepTest {
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
    void saysNoneBeforeTheFirstDeploy() throws Throwable {
        FakeStepContext context = FakeStepContext.build("shop/fresh", 1, PluginFixture.workspace(temp, "fresh"));

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryStatusStep(), context);

        assertThat(result.get("phase")).isEqualTo("NONE");
        assertThat(result.get("rollout")).isEqualTo("fresh");
    }

    @Test
    void writesTheGatesAsJUnitXmlAndTheReportsIntoTheWorkspace() throws Throwable {
        fixture.stable("gated");
        Path ws = PluginFixture.workspace(temp, "gated");
        FakeStepContext deploy = FakeStepContext.build("shop/gated", 2, ws);
        PluginFixture.deploy(deploy, 10);
        SloWaitStep wait = new SloWaitStep();
        wait.setDuration("2s");
        wait.setInterval("1s");
        PluginFixture.run(wait, deploy.nextStep());

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryStatusStep(), deploy.nextStep());

        assertThat(result.get("phase")).isEqualTo("RUNNING");
        assertThat(result.get("weight")).isEqualTo(10);
        Path junit = ws.resolve("canary-gate/canary-junit.xml");
        assertThat(junit).exists();
        assertThat(Files.readString(junit)).contains("<testsuite").contains("error-rate");
        assertThat(ws.resolve("canary-gate/canary-report.md")).exists();
        assertThat(ws.resolve("canary-gate/canary-report.json")).exists();
    }
}
