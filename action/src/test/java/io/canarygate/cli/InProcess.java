package io.canarygate.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs the CLI in this JVM, as a terminal user in {@code dir} (also their HOME) would: exit code, stdout, stderr. */
final class InProcess {
    private InProcess() {}

    record Result(int exit, String out, String err) {}

    /**
     * {@code args} against the cluster of {@code dir}/kubeconfig with {@code config} as canary.yaml, the way
     * a pipeline step passes them.
     */
    static Result onCluster(Path dir, Path config, String... args) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 4);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        all[args.length + 2] = "--kubeconfig";
        all[args.length + 3] = "kubeconfig";
        return cli(dir, all);
    }

    static Result cli(Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                args,
                new Env(Map.of("HOME", dir.toString()), dir),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
