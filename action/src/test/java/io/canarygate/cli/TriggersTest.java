package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.state.Trigger;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TriggersTest {
    static Env env(Map<String, String> vars) {
        return new Env(vars, Path.of("/tmp"));
    }

    @Test
    void everyJobOfAGitHubWorkflowRunSharesTheRunIdAsLeaseHolder() {
        Trigger t = Triggers.of(
                env(Map.of(
                        "GITHUB_ACTIONS", "true",
                        "GITHUB_RUN_ID", "9876543210",
                        "GITHUB_ACTOR", "octocat",
                        "GITHUB_SERVER_URL", "https://github.example.com",
                        "GITHUB_REPOSITORY", "acme/checkout",
                        "GITHUB_JOB", "guard")),
                Optional.empty());
        assertThat(t.holder()).isEqualTo("github:9876543210");
        assertThat(t.actor()).isEqualTo("octocat");
        assertThat(t.url()).isEqualTo("https://github.example.com/acme/checkout/actions/runs/9876543210");
    }

    @Test
    void outsideGitHubTheRunIdFlagWins() {
        Trigger t = Triggers.of(env(Map.of("CI_PIPELINE_ID", "55", "USER", "alice")), Optional.of("release-42"));
        assertThat(t.holder()).isEqualTo("cli:release-42");
        assertThat(t.actor()).isEqualTo("alice");
    }

    @Test
    void aGitLabPipelineIsRecognisedWithItsUrlAndUser() {
        Trigger t = Triggers.of(
                env(Map.of(
                        "CI_PIPELINE_ID", "1234",
                        "CI_PIPELINE_URL", "https://gitlab.example.com/acme/checkout/-/pipelines/1234",
                        "GITLAB_USER_LOGIN", "bob")),
                Optional.empty());
        assertThat(t.holder()).isEqualTo("cli:1234");
        assertThat(t.actor()).isEqualTo("bob");
        assertThat(t.url()).endsWith("/pipelines/1234");
    }

    @Test
    void onALaptopItIsUserAtHost() {
        Trigger t = Triggers.of(env(Map.of("USER", "carol", "HOSTNAME", "laptop")), Optional.empty());
        assertThat(t.holder()).isEqualTo("cli:carol@laptop");
    }
}
