package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The entrypoint in a container-action step, in process, for paths that need no cluster. */
class GitHubContractTest {
    @TempDir
    Path workspace;

    record Result(int exit, String out, String err) {}

    Result run(Map<String, String> inputs) throws Exception {
        Map<String, String> env = new HashMap<>(inputs);
        env.put("GITHUB_ACTIONS", "true");
        env.put("CI", "true");
        env.put("GITHUB_WORKSPACE", workspace.toString());
        env.put("GITHUB_OUTPUT", workspace.resolve("output").toString());
        env.put("GITHUB_STEP_SUMMARY", workspace.resolve("summary").toString());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                new String[0],
                new Env(env, workspace),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void secretInputsAreMaskedBeforeAnythingElseIsPrinted() throws Exception {
        Result r = run(Map.of(
                "INPUT_COMMAND", "nonsense",
                "INPUT_PROMETHEUS-TOKEN", "tok-abc",
                "INPUT_SLACK-WEBHOOK-URL", "https://hooks.example/T/B/c"));
        assertThat(r.out().lines().limit(2))
                .containsExactlyInAnyOrder("::add-mask::tok-abc", "::add-mask::https://hooks.example/T/B/c");
    }

    @Test
    void credentialsInAKubeconfigInputAreMasked() throws Exception {
        String kubeconfig =
                """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
                users: [{name: u, user: {token: kube-tok-9}}]
                contexts: [{name: x, context: {cluster: c, user: u}}]
                current-context: x
                """;
        Result r = run(Map.of("INPUT_COMMAND", "nonsense", "INPUT_KUBECONFIG", kubeconfig));
        assertThat(r.out().lines()).contains("::add-mask::kube-tok-9");
    }

    @Test
    void aMissingCommandFailsWithAnAnnotationAnOutputAndASummary() throws Exception {
        Result r = run(Map.of("INPUT_CONFIG", "canary.yaml"));
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("::error title=Canary Gate%3A bad input::input command: missing;");
        String output = Files.readString(workspace.resolve("output"));
        assertThat(output).contains("reason=input command: missing;");
        assertThat(Files.readString(workspace.resolve("summary")))
                .startsWith("### Canary Gate: bad input")
                .contains("input command: missing;");
    }

    @Test
    void aMistypedInputValueNamesTheInput() throws Exception {
        Result r = run(Map.of("INPUT_COMMAND", "deploy", "INPUT_WEIGHT", "ten"));
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("--weight").contains("ten");
    }

    @Test
    void inputsThatDoNotApplyAreReportedAsWarnings() throws Exception {
        Result r = run(Map.of("INPUT_COMMAND", "wait", "INPUT_WEIGHT", "50", "INPUT_CONFIG", "missing.yaml"));
        assertThat(r.err()).contains("::warning title=Canary Gate::input weight is ignored by wait");
    }

    @Test
    void everySpecErrorReachesTheReasonOutputInTheDelimiterForm() throws Exception {
        Files.writeString(workspace.resolve("canary.yaml"), "target: {namespace: shop}\nreadyTimeout: soon\n");
        Result r = run(Map.of("INPUT_COMMAND", "lint", "INPUT_CONFIG", "canary.yaml"));
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        String output = Files.readString(workspace.resolve("output"));
        assertThat(output).containsPattern("(?m)^reason<<ghadelimiter_[0-9a-f-]+$");
        assertThat(output).contains("target.deployment").contains("readyTimeout: \"soon\"");
        // One annotation holding every error: line breaks escaped.
        assertThat(r.err().lines().filter(l -> l.startsWith("::error ")).count())
                .isEqualTo(1);
        assertThat(r.err()).contains("%0A");
    }

    @Test
    void lintInAStepReportsTheRolloutItValidated() throws Exception {
        Files.writeString(
                workspace.resolve("canary.yaml"),
                "target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}\n");
        Result r = run(Map.of("INPUT_COMMAND", "lint", "INPUT_CONFIG", "canary.yaml", "INPUT_NAME", "checkout-eu"));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("valid").contains("checkout-eu");
        assertThat(Files.readString(workspace.resolve("output"))).contains("rollout=checkout-eu");
    }

    /** The CLI in a {@code run:} step (arguments given) keeps GitHub's outputs, summary and annotations. */
    @Test
    void theCliInARunStepUsesTheSameContract() throws Exception {
        Files.writeString(workspace.resolve("canary.yaml"), "target: {namespace: shop}\n");
        Map<String, String> env = new HashMap<>();
        env.put("GITHUB_ACTIONS", "true");
        env.put("GITHUB_OUTPUT", workspace.resolve("output").toString());
        env.put("GITHUB_STEP_SUMMARY", workspace.resolve("summary").toString());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                new String[] {"lint", "--config", "canary.yaml"},
                new Env(env, workspace),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("::error title=Canary Gate%3A bad input::");
        assertThat(Files.readString(workspace.resolve("output"))).contains("target.deployment");
        assertThat(Files.readString(workspace.resolve("summary"))).contains("target.deployment");
    }
}
