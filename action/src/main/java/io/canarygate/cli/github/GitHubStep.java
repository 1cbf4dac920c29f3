package io.canarygate.cli.github;

import io.canarygate.cli.Env;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The files a GitHub Actions step writes its results to: outputs ({@code $GITHUB_OUTPUT}) and the job summary
 * ({@code $GITHUB_STEP_SUMMARY}). Writes nothing when the runner did not give the file.
 */
public final class GitHubStep {
    private final Optional<Path> output;
    private final Optional<Path> summary;
    private final EnvironmentFiles files;

    GitHubStep(Optional<Path> output, Optional<Path> summary, EnvironmentFiles files) {
        this.output = output;
        this.summary = summary;
        this.files = files;
    }

    public static GitHubStep of(Env env) {
        return new GitHubStep(
                env.get("GITHUB_OUTPUT").map(env::resolve),
                env.get("GITHUB_STEP_SUMMARY").map(env::resolve),
                new EnvironmentFiles());
    }

    public void set(ActionOutput name, String value) {
        output.ifPresent(f -> files.setValue(f, name.id(), value == null ? "" : value));
    }

    public void appendSummary(String markdown) {
        summary.ifPresent(f -> files.appendMarkdown(f, markdown));
    }
}
