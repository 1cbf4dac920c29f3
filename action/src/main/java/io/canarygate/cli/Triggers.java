package io.canarygate.cli;

import io.canarygate.core.state.Trigger;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Who acts, as the lease holder and the record see it. In GitHub Actions every job of one workflow run (the stage jobs
 * and the guard) shares {@code github:<GITHUB_RUN_ID>}; elsewhere the CLI uses {@code --run-id}, the CI system's
 * pipeline id, or {@code user@host}.
 */
public final class Triggers {
    /** CI systems whose pipeline id, URL and actor the CLI recognises: id variable, URL variable, actor variable. */
    static final List<List<String>> CI_SYSTEMS = List.of(
            List.of("CI_PIPELINE_ID", "CI_PIPELINE_URL", "GITLAB_USER_LOGIN"), // GitLab
            List.of("BUILDKITE_BUILD_ID", "BUILDKITE_BUILD_URL", "BUILDKITE_BUILD_CREATOR"),
            List.of("CIRCLE_WORKFLOW_ID", "CIRCLE_BUILD_URL", "CIRCLE_USERNAME"),
            List.of("BUILD_TAG", "BUILD_URL", "BUILD_USER_ID"), // Jenkins running the CLI in sh
            List.of("CANARYGATE_RUN_ID", "CANARYGATE_RUN_URL", "CANARYGATE_ACTOR"));

    private Triggers() {}

    public static Trigger of(Env env, Optional<String> runIdFlag) {
        if (env.isGitHubActions() && runIdFlag.isEmpty()) {
            Optional<String> runId = env.get("GITHUB_RUN_ID");
            if (runId.isPresent()) {
                String url = env.get("GITHUB_SERVER_URL").orElse("https://github.com") + "/"
                        + env.get("GITHUB_REPOSITORY").orElse("") + "/actions/runs/" + runId.get();
                return new Trigger(
                        "github", runId.get(), env.get("GITHUB_ACTOR").orElse(null), url);
            }
        }
        String user = env.get("USER").or(() -> env.get("LOGNAME")).orElse(System.getProperty("user.name", "unknown"));
        if (runIdFlag.isPresent()) {
            return new Trigger("cli", runIdFlag.get(), user, null);
        }
        for (List<String> ci : CI_SYSTEMS) {
            Optional<String> id = env.get(ci.get(0));
            if (id.isPresent()) {
                return new Trigger(
                        "cli",
                        id.get(),
                        env.get(ci.get(2)).orElse(user),
                        env.get(ci.get(1)).orElse(null));
            }
        }
        return new Trigger("cli", user + "@" + hostname(env), user, null);
    }

    private static String hostname(Env env) {
        Optional<String> fromEnv = env.get("HOSTNAME");
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        try {
            String name = Files.readString(Path.of("/etc/hostname")).strip();
            if (!name.isEmpty()) {
                return name;
            }
        } catch (IOException | RuntimeException e) {
            // No /etc/hostname (macOS, Windows): fall through.
        }
        return "localhost";
    }
}
