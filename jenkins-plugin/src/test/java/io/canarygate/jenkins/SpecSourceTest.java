package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import hudson.FilePath;
import io.canarygate.core.CanaryGateException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which canary.yaml and overrides a step ends up with: its parameters, earlier steps of the build, global defaults. */
class SpecSourceTest {
    private static final CanaryGateConfiguration.Defaults GLOBAL =
            new CanaryGateConfiguration.Defaults("http://prometheus.global:9090", "global-prom", "global-kube");

    @TempDir
    Path temp;

    private static StepSettings settings(String config, String image, String prometheusUrl) {
        return new StepSettings(config, null, null, null, image, prometheusUrl, null, null);
    }

    @Test
    void theGlobalPrometheusUrlFillsInOnlyWhenCanaryYamlHasNone() throws Exception {
        Files.writeString(temp.resolve("with-url.yaml"), PluginFixture.canaryYaml("a"));
        Files.writeString(
                temp.resolve("without-url.yaml"),
                PluginFixture.canaryYaml("b").replace("    url: http://127.0.0.1:9\n", "    headers: {}\n"));
        FilePath ws = new FilePath(temp.toFile());

        SpecSource with = SpecSource.resolve(ws, null, settings("with-url.yaml", null, null), GLOBAL);
        SpecSource without = SpecSource.resolve(ws, null, settings("without-url.yaml", null, null), GLOBAL);
        SpecSource stepWins =
                SpecSource.resolve(ws, null, settings("without-url.yaml", null, "http://step:9090"), GLOBAL);

        assertThat(with.overrides).doesNotContainKey("metrics.prometheus.url");
        assertThat(without.overrides).containsEntry("metrics.prometheus.url", "http://prometheus.global:9090");
        assertThat(stepWins.overrides).containsEntry("metrics.prometheus.url", "http://step:9090");
        assertThat(without.settings.prometheusCredentialsId).isEqualTo("global-prom");
        assertThat(without.settings.kubeconfigCredentialsId).isEqualTo("global-kube");
    }

    @Test
    void laterStepsKeepTheFirstStepsFileAndParametersUnlessTheyNameAnother() throws Exception {
        Files.writeString(temp.resolve("canary.yaml"), PluginFixture.canaryYaml("first"));
        Files.writeString(temp.resolve("other.yaml"), PluginFixture.canaryYaml("other"));
        FilePath ws = new FilePath(temp.toFile());
        CanaryRunAction build = new CanaryRunAction();
        build.remember(
                SpecSource.resolve(ws, null, settings(null, "img:2", null), CanaryGateConfiguration.Defaults.NONE));
        Files.writeString(temp.resolve("canary.yaml"), "changed on disk since");

        SpecSource later =
                SpecSource.resolve(null, build, settings(null, null, null), CanaryGateConfiguration.Defaults.NONE);
        SpecSource named = SpecSource.resolve(
                ws, build, settings("other.yaml", null, null), CanaryGateConfiguration.Defaults.NONE);

        assertThat(later.yaml).contains("deployment: first");
        assertThat(later.overrides).containsEntry("target.image", "img:2");
        assertThat(named.yaml).contains("deployment: other");
        assertThat(named.overrides).as("parameters still carry over").containsEntry("target.image", "img:2");
        assertThatThrownBy(() -> SpecSource.resolve(
                        null, build, settings("other.yaml", null, null), CanaryGateConfiguration.Defaults.NONE))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("config: no workspace here to read \"other.yaml\"");
    }
}
