package io.canarygate.cli;

import io.canarygate.cli.github.ActionInvocation;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code canarygate} CLI and the GitHub Action's entrypoint (the image runs {@code java ... -jar} straight at this
 * class: a shell in between would drop the hyphenated {@code INPUT_*} variables). In a container-action step
 * ({@code GITHUB_ACTIONS=true}, no arguments) the command and its flags come from the inputs; secrets are masked before
 * anything else is printed.
 */
public final class Main {
    /** Set (to anything) to exit right after the inputs are parsed and the clients built: bench/cold-start.sh. */
    public static final String EXIT_AFTER_SETUP = "CANARYGATE_EXIT_AFTER_SETUP";

    private Main() {}

    public static void main(String[] args) {
        Warmup.startFor(args, Env.system());
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(run(args, Env.system(), out, err));
    }

    /** Runs one invocation with exactly {@code env}; returns the exit code ({@link ExitCode}). */
    public static int run(String[] args, Env env, PrintStream out, PrintStream err) {
        Console console = new Console(out, err, env.isGitHubActions());
        boolean actionMode = env.isGitHubActions() && args.length == 0;
        if (!actionMode) {
            return execute(new Run(env, console, false, Map.of(), Optional.empty()), List.of(args), out, err);
        }
        maskSecretInputs(env, console);
        ActionInvocation invocation;
        try {
            invocation = ActionInvocation.from(env);
        } catch (CanaryGateException e) {
            return new Run(env, console, true, Map.of(), Optional.empty()).fail(e, Optional.empty(), Optional.empty());
        }
        invocation.warnings().forEach(console::warning);
        Run run = new Run(env, console, true, invocation.secrets(), invocation.kubeconfig());
        return execute(run, invocation.args(), out, err);
    }

    /** Masks every secret input, and the credentials in the kubeconfig input, before any other line. */
    private static void maskSecretInputs(Env env, Console console) {
        ActionInvocation.secretValues(env).forEach(console::mask);
        ActionInvocation.kubeconfigInput(env).ifPresent(given -> {
            try {
                KubeClients.secretsIn(KubeClients.find(env, Optional.of(given)).content())
                        .forEach(console::mask);
            } catch (CanaryGateException e) {
                // An unreadable path: the command reports it; its content cannot have been printed.
            }
            if (given.contains("\n")) {
                console.mask(given);
            }
        });
    }

    private static int execute(Run run, List<String> args, PrintStream out, PrintStream err) {
        CommandLine cli = commandLine(run, args);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        cli.setParameterExceptionHandler((e, a) -> run.fail(
                new CanaryGateException(
                        Kind.INVALID_INPUT,
                        e.getMessage() + "; see canarygate "
                                + (e.getCommandLine().getParent() == null
                                        ? ""
                                        : e.getCommandLine().getCommandName() + " ")
                                + "--help"),
                Optional.empty(),
                Optional.empty()));
        cli.setExecutionExceptionHandler((e, c, p) -> run.fail(e, Optional.empty(), Optional.empty()));
        return cli.execute(args.toArray(String[]::new));
    }

    /** The whole command tree; every subcommand shares {@code run}. */
    static CommandLine commandLine(Run run) {
        return commandLine(run, List.of());
    }

    /**
     * The command tree for {@code args}: when they start with a subcommand's name, the root and that subcommand only.
     * A step builds its command line on every run, so it builds no spec it will not use; the root's help and its errors
     * (no subcommand, an unknown one) still see all six.
     */
    static CommandLine commandLine(Run run, List<String> args) {
        String first = args.isEmpty() ? "" : args.get(0);
        boolean all = !SUBCOMMANDS.contains(first);
        CommandLine cli = new CommandLine(Flags.command(new Root(run), "canarygate", Root.DESCRIPTION));
        COMMANDS.forEach((name, spec) -> {
            if (all || first.equals(name)) {
                cli.addSubcommand(new CommandLine(spec.apply(run)));
            }
        });
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        return cli;
    }

    /** Each subcommand's spec by the name it gives itself (CommandTreeTest checks the two agree), in help order. */
    private static final Map<String, Function<Run, CommandSpec>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("deploy", r -> new DeployCommand(r).spec());
        COMMANDS.put("wait", r -> new WaitCommand(r).spec());
        COMMANDS.put("promote", r -> new PromoteCommand(r).spec());
        COMMANDS.put("rollback", r -> new RollbackCommand(r).spec());
        COMMANDS.put("status", r -> new StatusCommand(r).spec());
        COMMANDS.put("lint", r -> new LintCommand(r).spec());
    }

    /** The subcommands' names. */
    static final List<String> SUBCOMMANDS = List.copyOf(COMMANDS.keySet());

    /** The root command: without a subcommand it is bad input. */
    static final class Root implements Callable<Integer> {
        static final String DESCRIPTION =
                "Canary releases from CI: deploy a canary, judge SLOs from Prometheus, promote or roll back.";

        private final Run run;

        Root(Run run) {
            this.run = run;
        }

        @Override
        public Integer call() {
            return run.fail(
                    new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "command: missing; write one of deploy, wait, promote, rollback, status, lint (see"
                                    + " canarygate --help)"),
                    Optional.empty(),
                    Optional.empty());
        }
    }
}
