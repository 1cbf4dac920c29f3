package io.canarygate.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds an external tool (prometheus, promtool, podman) for a test. On a developer machine a missing tool skips the
 * test; in CI ({@code CI=true}) it fails it, because a green run that skipped the real-component tests would hide a
 * missing install step in {@code .ci/run}.
 */
public final class RequiredTool {
    private RequiredTool() {}

    /** The tool's path; skips the test (or fails it in CI) when it is not on PATH. */
    public static Path require(String name) {
        Optional<Path> found = find(name);
        if (found.isEmpty()) {
            String message = name + " is not on PATH; .ci/run installs it (apt-get install " + name + ")";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                Assertions.fail("CI=true and " + message);
            }
            Assumptions.abort(message);
        }
        return found.get();
    }

    /** The tool's path, if it is on PATH. */
    public static Optional<Path> find(String name) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
