package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryRollbackStepTest {
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
    void sendsAllTrafficBackToStableAndRecordsWhy() throws Throwable {
        fixture.stable("orders");
        FakeStepContext deploy = FakeStepContext.build("shop/orders", 5, PluginFixture.workspace(temp, "orders"));
        PluginFixture.deploy(deploy, 10);

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryRollbackStep("build 5 failed"), deploy.nextStep());

        assertThat(result.get("phase")).isEqualTo("ROLLED_BACK");
        assertThat(result.get("weight")).isEqualTo(0);
        RolloutRecord record = fixture.record("orders");
        assertThat(record.phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(record.lastTransition().orElseThrow().reason()).contains("build 5 failed");

        Map<?, ?> again = (Map<?, ?>) PluginFixture.run(new CanaryRollbackStep("build 5 failed"), deploy.nextStep());
        assertThat(again.get("phase")).as("repeating it is harmless").isEqualTo("ROLLED_BACK");
    }

    @Test
    void doesNothingInAPostBlockWhenTheBuildFailedBeforeAnyCanaryStep() throws Throwable {
        FakeStepContext post = FakeStepContext.build("shop/early-failure", 1, null);

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryRollbackStep("checkout failed"), post);

        assertThat(result.get("phase")).isEqualTo("NONE");
        assertThat(post.log()).contains("canaryRollback: nothing to roll back");
    }

    @Test
    void rejectsAnUnknownModeBeforeTouchingAnything() {
        CanaryRollbackStep step = new CanaryRollbackStep("why");
        step.setMode("slowly");
        assertThatThrownBy(() -> step.start(FakeStepContext.build("shop/x", 1, null)))
                .isInstanceOf(CanaryGateException.class)
                .hasMessage("mode: \"slowly\" is not a rollback mode; write immediate or gradual");
    }
}
