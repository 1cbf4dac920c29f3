package io.canarygate.cli.image;

import io.canarygate.testkit.RequiredTool;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * podman as the test's container engine, configured the way research/github-actions.md §3 found works on these
 * machines (no CAP_SYS_RESOURCE, cgroup v1 hybrid): a private containers.conf with lower ulimits and runc. Every image
 * it loads and container it starts is removed by {@link #close}.
 */
final class Podman implements AutoCloseable {
    static final String CONTAINERS_CONF =
            """
            [containers]
            default_ulimits = ["nofile=20000:20000", "nproc=4096:4096"]
            [engine]
            runtime = "runc"
            """;

    private final Path conf;
    private final List<String> images = new ArrayList<>();
    private final List<String> containers = new ArrayList<>();

    /** The result of one podman command. */
    record Result(int exit, String out, String err) {}

    private Podman(Path conf) {
        this.conf = conf;
    }

    /** Fails in CI (and skips locally) when podman or runc is missing. */
    static Podman start(Path dir) throws IOException {
        RequiredTool.require("podman");
        RequiredTool.require("runc");
        Path conf = dir.resolve("containers.conf");
        Files.writeString(conf, CONTAINERS_CONF, StandardCharsets.UTF_8);
        return new Podman(conf);
    }

    Path containersConf() {
        return conf;
    }

    /** {@code podman load -i tar}; the image is removed on close. */
    void load(Path tar, String reference) throws IOException, InterruptedException {
        Result r = podman(List.of("load", "-i", tar.toString()), Map.of(), Duration.ofMinutes(3));
        if (r.exit() != 0) {
            throw new IOException("podman load failed: " + r.err() + r.out());
        }
        images.add(reference);
    }

    /** {@code podman run --name <name> ...}; the container is removed on close if it is still there. */
    Result run(String name, List<String> args, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        containers.add(name);
        List<String> command = new ArrayList<>(List.of("run", "--name", name));
        command.addAll(args);
        return podman(command, env, timeout);
    }

    Result podman(List<String> args, Map<String, String> env, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        pb.environment().put("CONTAINERS_CONF", conf.toString());
        Path out = Files.createTempFile("podman", ".out");
        Path err = Files.createTempFile("podman", ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("podman " + args + " did not finish in " + timeout);
            }
            return new Result(
                    p.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() throws Exception {
        for (String c : containers) {
            podman(List.of("rm", "-f", "--ignore", c), Map.of(), Duration.ofMinutes(1));
        }
        for (String i : images) {
            podman(List.of("rmi", "-f", "--ignore", i), Map.of(), Duration.ofMinutes(1));
        }
    }
}
