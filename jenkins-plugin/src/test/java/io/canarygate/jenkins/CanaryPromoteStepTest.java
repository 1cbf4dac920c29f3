package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.state.Phase;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CanaryPromoteStepTest {
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
    void promotesTheCanaryImageToTheStableDeployment() throws Throwable {
        fixture.stable("search");
        FakeStepContext deploy = FakeStepContext.build("shop/search", 3, PluginFixture.workspace(temp, "search"));
        PluginFixture.deploy(deploy, 10);

        Map<?, ?> result = (Map<?, ?>) PluginFixture.run(new CanaryPromoteStep(), deploy.nextStep());

        assertThat(result.get("phase")).isEqualTo("PROMOTED");
        assertThat(fixture.record("search").phase()).isEqualTo(Phase.PROMOTED);
        String image = fixture.cluster
                .client()
                .apps()
                .deployments()
                .inNamespace("shop")
                .withName("search")
                .get()
                .getSpec()
                .getTemplate()
                .getSpec()
                .getContainers()
                .get(0)
                .getImage();
        assertThat(image).isEqualTo("ghcr.io/acme/search:1.4.0");
    }
}
