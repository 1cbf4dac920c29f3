package io.canarygate.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The directories and files a GitHub runner prepares for one container-action step (runner's ContainerActionHandler):
 * the workspace, {@code _github_home}, {@code _github_workflow} and {@code _runner_file_commands} with one file per
 * command (output, summary, state, env, path). {@link #hostEnv} is what a step run on the host sees; {@link
 * #containerEnv} what the container sees once the runner has mounted the directories at {@code /github/...}.
 */
public final class RunnerLayout {
    public final Path root;
    public final Path workspace;
    public final Path home;
    public final Path workflow;
    public final Path fileCommands;
    public final Path output;
    public final Path summary;
    public final Path state;
    public final Path env;
    public final Path path;

    public RunnerLayout(Path root) throws IOException {
        this.root = root;
        workspace = Files.createDirectories(root.resolve("work/repo/repo"));
        Path temp = Files.createDirectories(root.resolve("_temp"));
        home = Files.createDirectories(temp.resolve("_github_home"));
        workflow = Files.createDirectories(temp.resolve("_github_workflow"));
        fileCommands = Files.createDirectories(temp.resolve("_runner_file_commands"));
        String guid = UUID.randomUUID().toString();
        output = Files.createFile(fileCommands.resolve("set_output_" + guid));
        summary = Files.createFile(fileCommands.resolve("step_summary_" + guid));
        state = Files.createFile(fileCommands.resolve("save_state_" + guid));
        env = Files.createFile(fileCommands.resolve("set_env_" + guid));
        path = Files.createFile(fileCommands.resolve("add_path_" + guid));
        Files.writeString(workflow.resolve("event.json"), "{}", StandardCharsets.UTF_8);
    }

    /** The runner's own variables (not the inputs), for a step run on the host. */
    public Map<String, String> hostEnv(String runId) {
        return common(runId, workspace, home, workflow.resolve("event.json"), output, summary, state, env, path);
    }

    /** The same variables as the container sees them. */
    public Map<String, String> containerEnv(String runId) {
        Path fc = Path.of("/github/file_commands");
        return common(
                runId,
                Path.of("/github/workspace"),
                Path.of("/github/home"),
                Path.of("/github/workflow/event.json"),
                fc.resolve(output.getFileName()),
                fc.resolve(summary.getFileName()),
                fc.resolve(state.getFileName()),
                fc.resolve(env.getFileName()),
                fc.resolve(path.getFileName()));
    }

    /** The {@code -v} mounts of the runner's docker run. */
    public List<String> volumes() {
        return List.of(
                "-v", home + ":/github/home",
                "-v", workflow + ":/github/workflow",
                "-v", fileCommands + ":/github/file_commands",
                "-v", workspace + ":/github/workspace");
    }

    /** Every file the step could have written (to check none holds a secret). */
    public List<Path> writtenFiles(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static Map<String, String> common(
            String runId,
            Path workspace,
            Path home,
            Path event,
            Path output,
            Path summary,
            Path state,
            Path env,
            Path path) {
        Map<String, String> e = new LinkedHashMap<>();
        e.put("HOME", home.toString());
        e.put("CI", "true");
        e.put("GITHUB_ACTIONS", "true");
        e.put("GITHUB_WORKSPACE", workspace.toString());
        e.put("GITHUB_EVENT_PATH", event.toString());
        e.put("GITHUB_EVENT_NAME", "workflow_dispatch");
        e.put("GITHUB_OUTPUT", output.toString());
        e.put("GITHUB_STEP_SUMMARY", summary.toString());
        e.put("GITHUB_STATE", state.toString());
        e.put("GITHUB_ENV", env.toString());
        e.put("GITHUB_PATH", path.toString());
        e.put("GITHUB_RUN_ID", runId);
        e.put("GITHUB_RUN_NUMBER", "7");
        e.put("GITHUB_RUN_ATTEMPT", "1");
        e.put("GITHUB_ACTOR", "octocat");
        e.put("GITHUB_REPOSITORY", "acme/checkout");
        e.put("GITHUB_SERVER_URL", "https://github.com");
        e.put("GITHUB_API_URL", "https://api.github.com");
        e.put("GITHUB_JOB", "canary-10");
        e.put("GITHUB_SHA", "0123456789abcdef0123456789abcdef01234567");
        e.put("GITHUB_REF", "refs/heads/main");
        e.put("RUNNER_OS", "Linux");
        e.put("RUNNER_ARCH", "X64");
        e.put("RUNNER_TEMP", "/home/runner/work/_temp");
        return e;
    }
}
