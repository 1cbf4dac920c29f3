package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WarmupTest {
    private static final Env CLI = new Env(Map.of(), Path.of("."));

    @Test
    void commandsThatTalkToTheClusterStartIt() {
        for (String command : new String[] {"deploy", "wait", "promote", "rollback", "status"}) {
            assertThat(Warmup.startFor(new String[] {command, "--config", "c.yaml"}, CLI))
                    .as(command)
                    .isTrue();
        }
        Env action = new Env(Map.of("GITHUB_ACTIONS", "true", "INPUT_COMMAND", "wait"), Path.of("."));
        assertThat(Warmup.startFor(new String[0], action)).isTrue();
    }

    @Test
    void lintHelpAndNothingDoNot() {
        assertThat(Warmup.startFor(new String[] {"lint", "--config", "c.yaml"}, CLI))
                .isFalse();
        assertThat(Warmup.startFor(new String[] {"--help"}, CLI)).isFalse();
        assertThat(Warmup.startFor(new String[0], CLI)).isFalse();
        Env action = new Env(Map.of("GITHUB_ACTIONS", "true", "INPUT_COMMAND", "lint"), Path.of("."));
        assertThat(Warmup.startFor(new String[0], action)).isFalse();
    }

    @Test
    void theWarmUpRunsThroughWithoutSwallowingAnything() {
        // It swallows failures so a step never dies of it; a fabric8 upgrade that broke it would only show as a
        // slower start, so the test asks what it swallowed.
        assertThat(Warmup.warm()).isEmpty();
    }
}
