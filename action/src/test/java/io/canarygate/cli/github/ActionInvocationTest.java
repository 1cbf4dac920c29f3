package io.canarygate.cli.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.cli.Env;
import io.canarygate.core.CanaryGateException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ActionInvocationTest {

    private static Env env(Map<String, String> vars) {
        Map<String, String> all = new HashMap<>(vars);
        all.put("GITHUB_ACTIONS", "true");
        return new Env(all, Path.of("/github/workspace"));
    }

    @Test
    void hyphenatedInputsKeepTheirHyphensAndBecomeTheSameNamedFlags() {
        ActionInvocation inv = ActionInvocation.from(env(Map.of(
                "INPUT_COMMAND", "deploy",
                "INPUT_CONFIG", "deploy/canary.yaml",
                "INPUT_PROMETHEUS-URL", "http://prometheus:9090",
                "INPUT_WEIGHT", "10",
                "INPUT_REPORT-DIR", "canary-gate-report")));
        assertThat(inv.args())
                .containsExactly(
                        "deploy",
                        "--config=deploy/canary.yaml",
                        "--prometheus-url=http://prometheus:9090",
                        "--weight=10",
                        "--report-dir=canary-gate-report");
        assertThat(inv.warnings()).isEmpty();
    }

    @Test
    void secretsNeverBecomeArguments() {
        ActionInvocation inv = ActionInvocation.from(env(Map.of(
                "INPUT_COMMAND", "wait",
                "INPUT_PROMETHEUS-TOKEN", "tok-123",
                "INPUT_SLACK-WEBHOOK-URL", "https://hooks.slack.com/services/T/B/x")));
        assertThat(String.join(" ", inv.args())).doesNotContain("tok-123").doesNotContain("hooks.slack.com");
        assertThat(inv.secrets())
                .containsEntry(ActionInput.PROMETHEUS_TOKEN, "tok-123")
                .containsEntry(ActionInput.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/T/B/x");
        assertThat(ActionInvocation.secretValues(env(Map.of("INPUT_PROMETHEUS-TOKEN", "tok-123"))))
                .containsExactly("tok-123");
    }

    @Test
    void theSetInputGivesOneOverridePerNonEmptyLine() {
        ActionInvocation inv = ActionInvocation.from(env(Map.of(
                "INPUT_COMMAND", "lint",
                "INPUT_SET", "rollback.mode=gradual\n\n  # a comment\n  readyTimeout=2m  \n")));
        assertThat(inv.args()).containsExactly("lint", "--set=rollback.mode=gradual", "--set=readyTimeout=2m");
    }

    @Test
    void emptyInputsCountAsUnset() {
        ActionInvocation inv = ActionInvocation.from(
                env(Map.of("INPUT_COMMAND", "promote", "INPUT_IMAGE", "", "INPUT_KUBECONFIG", " ")));
        assertThat(inv.args()).containsExactly("promote");
        assertThat(inv.kubeconfig()).isEmpty();
    }

    @Test
    void theCommandInputIsRequiredBecauseTheRunnerDoesNotEnforceIt() {
        assertThatThrownBy(() -> ActionInvocation.from(env(Map.of("INPUT_CONFIG", "canary.yaml"))))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("input command: missing;")
                .hasMessageContaining("deploy, wait, promote, rollback, status, lint");
    }

    @Test
    void anUnknownCommandIsNamedWithTheAllowedOnes() {
        assertThatThrownBy(() -> ActionInvocation.from(env(Map.of("INPUT_COMMAND", "deplyo"))))
                .isInstanceOf(CanaryGateException.class)
                .hasMessage("input command: \"deplyo\" is not a command; write one of deploy, wait, promote,"
                        + " rollback, status, lint");
    }

    @Test
    void anInputThatDoesNotApplyToTheCommandIsAWarningNotAnArgument() {
        ActionInvocation inv = ActionInvocation.from(
                env(Map.of("INPUT_COMMAND", "wait", "INPUT_WEIGHT", "50", "INPUT_DURATION", "5m")));
        assertThat(inv.args()).containsExactly("wait", "--duration=5m");
        assertThat(inv.warnings()).containsExactly("input weight is ignored by wait; it applies to deploy");
    }

    @Test
    void defaultsOfInputsThatDoNotApplyAreDroppedSilently() {
        ActionInvocation inv =
                ActionInvocation.from(env(Map.of("INPUT_COMMAND", "lint", "INPUT_REPORT-DIR", "canary-gate-report")));
        assertThat(inv.args()).containsExactly("lint");
        assertThat(inv.warnings()).isEmpty();
    }

    @Test
    void kubeconfigContentIsKeptAsIs() {
        String content = "apiVersion: v1\nkind: Config\n";
        ActionInvocation inv =
                ActionInvocation.from(env(Map.of("INPUT_COMMAND", "status", "INPUT_KUBECONFIG", content)));
        assertThat(inv.kubeconfig()).contains(content);
        assertThat(inv.args()).containsExactly("status");
    }
}
