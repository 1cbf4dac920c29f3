package io.canarygate.demo;

import io.canarygate.core.CanaryGateException;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code canarygate demo}: see {@link Demo}. Exit status 0 when the rollout ended as the demo expected (promoted, or
 * rolled back when a fault was injected), 1 when it did not, 2 on bad input.
 */
@Command(
        name = "canarygate demo",
        description = {
            "Runs a complete canary rollout on 127.0.0.1: an in-process Kubernetes API, a stable and a canary demo"
                    + " service, traffic split by the router's weight, and a real Prometheus (or a built-in"
                    + " evaluator), through the same engine as the CLI, the GitHub Action and the Jenkins steps."
        },
        footer = {
            "",
            "Examples:",
            "  canarygate demo",
            "  canarygate demo --fault success-rate=0.9@25",
            "  canarygate demo --fault p95-latency=0.8@50 --metrics builtin",
            "  canarygate demo --config my-canary.yaml --keep-running"
        })
public final class DemoMain implements Callable<Integer> {

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "Show this help and exit.")
    boolean help;

    @Option(
            names = "--fault",
            paramLabel = "<name>=<value>@<weight>",
            description =
                    "Make the canary misbehave from the stage with that weight: success-rate=0.9@25 (10%% errors),"
                            + " p95-latency=0.8@50 (p95 0.8 s); also error-rate, latency. Repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(
            names = {"--config", "--plan"},
            paramLabel = "<canary.yaml>",
            description = "Run your own canary.yaml against the embedded cluster (its stable Deployment is created).")
    Path config;

    @Option(
            names = "--metrics",
            paramLabel = "auto|builtin|prometheus",
            description = "Where objective values come from (default: ${DEFAULT-VALUE}: prometheus when on PATH).")
    String metrics = "auto";

    @Option(names = "--fast", description = "Shorter analyses (6 s per stage), for tests and the impatient.")
    boolean fast;

    @Option(names = "--keep-running", description = "Leave the cluster up afterwards, for kubectl, until Ctrl-C.")
    boolean keepRunning;

    @Option(
            names = "--out",
            paramLabel = "<dir>",
            description = "Where the kubeconfig and the reports go (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("canarygate-demo");

    @Option(names = "--rps", description = "Requests per second of demo traffic (default: ${DEFAULT-VALUE}).")
    int rps = 200;

    @Option(names = "--seed", description = "Seed for latencies, errors and the traffic split (default: random).")
    Long seed;

    @Option(names = "--no-color", description = "No ANSI colour (also: NO_COLOR set, or output not a terminal).")
    boolean noColor;

    private final PrintStream stdout;

    DemoMain(PrintStream stdout) {
        this.stdout = stdout;
    }

    public static void main(String[] args) {
        quietLogging();
        // UTF-8 whatever the locale: terminals and CI logs are UTF-8 even where LANG=C makes Java's default ASCII.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int code = new CommandLine(new DemoMain(stdout)).execute(args);
        System.exit(code);
    }

    /** Runs the demo as {@code canarygate demo args} would, without exiting; for tests. */
    public static int run(PrintStream out, String... args) {
        quietLogging();
        CommandLine cli = new CommandLine(new DemoMain(out));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(out, true));
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        Demo.Options options;
        try {
            options = options();
        } catch (IllegalArgumentException e) {
            stdout.println("canarygate demo: " + e.getMessage());
            return 2;
        }
        try {
            Demo.Outcome outcome = Demo.run(options, stdout);
            return outcome.expected() ? 0 : 1;
        } catch (CanaryGateException e) {
            stdout.println("canarygate demo: " + e.getMessage());
            return e.kind() == CanaryGateException.Kind.INVALID_INPUT ? 2 : 1;
        } catch (RuntimeException e) {
            stdout.println("canarygate demo: failed: " + e);
            for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
                stdout.println("  caused by: " + c);
            }
            if (System.getenv("CANARYGATE_DEBUG") != null) {
                e.printStackTrace(stdout);
            } else {
                stdout.println("  (set CANARYGATE_DEBUG=1 for the stack trace)");
            }
            return 1;
        }
    }

    Demo.Options options() {
        List<Fault> parsed = new ArrayList<>();
        for (String f : faults) {
            parsed.add(Fault.parse(f));
        }
        Demo.MetricsMode mode =
                switch (metrics.strip().toLowerCase(java.util.Locale.ROOT)) {
                    case "auto" -> Demo.MetricsMode.AUTO;
                    case "builtin", "built-in" -> Demo.MetricsMode.BUILTIN;
                    case "prometheus" -> Demo.MetricsMode.PROMETHEUS;
                    default ->
                        throw new IllegalArgumentException(
                                "--metrics: \"" + metrics + "\" is not one of auto, builtin, prometheus");
                };
        if (rps < 1 || rps > 1000) {
            throw new IllegalArgumentException("--rps: " + rps + " is out of range; use 1–1000");
        }
        return new Demo.Options(
                Optional.ofNullable(config),
                parsed,
                mode,
                fast,
                keepRunning,
                out,
                rps,
                seed != null ? seed : System.nanoTime(),
                !noColor && LiveDisplay.colorWanted());
    }

    /** The mock API server logs every request through java.util.logging; the demo shows only warnings. */
    private static void quietLogging() {
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        root.setLevel(Level.WARNING);
        java.util.logging.ConsoleHandler handler = new java.util.logging.ConsoleHandler();
        handler.setLevel(Level.WARNING);
        root.addHandler(handler);
    }
}
