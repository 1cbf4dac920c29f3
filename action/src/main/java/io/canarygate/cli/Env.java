package io.canarygate.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The process environment and working directory a run sees. {@link #system()} in production; tests pass exactly what a
 * runner or a shell would, so nothing reads {@code System.getenv} behind their back.
 *
 * @param vars environment variables
 * @param cwd working directory; relative paths (config, report dir, kubeconfig) resolve against it
 */
public record Env(Map<String, String> vars, Path cwd) {
    public Env {
        vars = Map.copyOf(vars);
        cwd = cwd.toAbsolutePath().normalize();
    }

    public static Env system() {
        return new Env(System.getenv(), Path.of(""));
    }

    /** The variable's value when set and not empty (the runner exports unset inputs as empty strings). */
    public Optional<String> get(String name) {
        String v = vars.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }

    /** The raw value, or null; for secret resolution. */
    public String raw(String name) {
        return vars.get(name);
    }

    /** Whether this process runs as a step of a GitHub Actions job. */
    public boolean isGitHubActions() {
        return "true".equals(vars.get("GITHUB_ACTIONS"));
    }

    public Path resolve(String path) {
        return cwd.resolve(path).normalize();
    }
}
