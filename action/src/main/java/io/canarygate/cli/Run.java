package io.canarygate.cli;

import io.canarygate.cli.github.ActionInput;
import io.canarygate.cli.github.ActionOutput;
import io.canarygate.cli.github.GitHubStep;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.report.Reports;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One invocation of the CLI or the action: its environment, where it prints, and, in GitHub Actions, where results go.
 * Commands end through {@link #finish} or {@link #fail}, so outputs, summary and report are written one way.
 */
final class Run {
    final Env env;
    final Console console;
    private final Optional<GitHubStep> github;
    private final boolean actionMode;
    private final Map<ActionInput, String> secretInputs;
    private final Optional<String> kubeconfigInput;

    Run(
            Env env,
            Console console,
            boolean actionMode,
            Map<ActionInput, String> secretInputs,
            Optional<String> kubeconfigInput) {
        this.env = env;
        this.console = console;
        this.github = env.isGitHubActions() ? Optional.of(GitHubStep.of(env)) : Optional.empty();
        this.actionMode = actionMode;
        this.secretInputs = Map.copyOf(secretInputs);
        this.kubeconfigInput = kubeconfigInput;
    }

    /** How a setting is called where the user set it: {@code input weight} in the action, {@code --weight} elsewhere. */
    String setting(String name) {
        return actionMode ? "input " + name : "--" + name;
    }

    Optional<String> kubeconfigInput() {
        return kubeconfigInput;
    }

    /**
     * Loads the spec with the flags applied; when the action was given a Prometheus token and the spec has no auth to
     * give it to, loads it again with a bearer reference for the token.
     */
    RolloutSpec load(SpecOptions options) {
        RolloutSpec spec = options.load(env, Map.of());
        Optional<Map.Entry<String, String>> bearer = SecretBindings.bearerOverride(secretInputs, spec);
        return bearer.isPresent() ? options.load(env, Map.ofEntries(bearer.get())) : spec;
    }

    /**
     * The resolver for this spec; in GitHub Actions every secret it can resolve is masked first, so no later line can
     * show it.
     */
    SecretResolver secrets(RolloutSpec spec) {
        SecretResolver resolver = SecretBindings.resolver(env, secretInputs, spec);
        if (console.github()) {
            for (SecretRef ref : SecretBindings.references(spec)) {
                try {
                    console.mask(resolver.resolve(ref));
                } catch (CanaryGateException e) {
                    // Unresolvable now: the engine reports it, naming the reference, when it needs the value.
                }
            }
        }
        return resolver;
    }

    /** Writes the report, outputs and summary of a finished command; returns its exit code. */
    int finish(Outcome outcome, Optional<String> reportDir) {
        Optional<Path> report = Optional.empty();
        if (reportDir.isPresent() && outcome.record().isPresent()) {
            Path dir = env.resolve(reportDir.get());
            Reports.write(outcome.record().get(), dir);
            report = Optional.of(dir);
            console.info("report written to " + display(dir));
        }
        if (github.isPresent()) {
            GitHubStep step = github.get();
            step.set(ActionOutput.ROLLOUT, outcome.rollout());
            step.set(ActionOutput.PHASE, outcome.phase());
            step.set(ActionOutput.WEIGHT, outcome.weight().map(String::valueOf).orElse(""));
            step.set(ActionOutput.VERDICT, outcome.verdict());
            step.set(ActionOutput.REASON, outcome.reason());
            step.set(ActionOutput.REPORT, report.map(this::display).orElse(""));
            outcome.record().ifPresent(r -> step.appendSummary(Reports.markdown(r)));
        }
        return outcome.exitCode();
    }

    /** Reports a failure (an annotation in GitHub) with what is known of the rollout; returns the exit code. */
    int fail(Throwable error, Optional<Outcome> known, Optional<String> reportDir) {
        int code = ExitCode.of(error);
        String message = error.getMessage() == null ? error.toString() : error.getMessage();
        console.error(ExitCode.title(code), message);
        if (code == ExitCode.INTERNAL) {
            console.trace(error);
        }
        github.ifPresent(step -> step.appendSummary(
                "### " + ExitCode.title(code) + "\n\n```\n" + message.replace("```", "'''") + "\n```\n"));
        Outcome outcome = known.map(
                        o -> new Outcome(o.rollout(), o.phase(), o.weight(), o.verdict(), message, o.record(), code))
                .orElse(new Outcome("", "", Optional.empty(), "", message, Optional.empty(), code));
        try {
            return finish(outcome, reportDir);
        } catch (RuntimeException e) {
            console.warning("could not write the report or outputs: " + e.getMessage());
            return code;
        }
    }

    /** A path as later steps can use it: relative to the workspace when under it (the container path differs). */
    String display(Path path) {
        Path cwd = env.cwd();
        Optional<Path> workspace = env.get("GITHUB_WORKSPACE").map(env::resolve);
        Path base = workspace.filter(path::startsWith).orElse(cwd);
        return path.startsWith(base) && !path.equals(base)
                ? base.relativize(path).toString()
                : path.toString();
    }
}
