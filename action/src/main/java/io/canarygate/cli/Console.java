package io.canarygate.cli;

import io.canarygate.cli.github.WorkflowCommands;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a run prints. Plain text in a terminal or another CI; in a GitHub Actions step the same text plus workflow
 * commands: secrets are masked before anything else, each evaluation is a collapsible group, and failures become
 * {@code ::error::} annotations. Engine threads print here too, so every method is synchronized.
 */
public final class Console {
    private final PrintStream out;
    private final PrintStream err;
    private final boolean github;
    private final Set<String> masked = new HashSet<>();

    public Console(PrintStream out, PrintStream err, boolean github) {
        this.out = out;
        this.err = err;
        this.github = github;
    }

    public boolean github() {
        return github;
    }

    /**
     * Tells the runner to mask {@code secret} (each line of it) in the log, once per value however often it is asked
     * (the kubeconfig's credentials are found both before and after the inputs are read); no-op outside GitHub.
     */
    public synchronized void mask(String secret) {
        if (!github || secret == null) {
            return;
        }
        for (String line : secret.lines().map(String::strip).toList()) {
            if (!line.isEmpty() && masked.add(line)) {
                out.println(WorkflowCommands.addMask(line));
            }
        }
        out.flush();
    }

    /** One line, or a block of lines, on stdout. */
    public synchronized void info(String text) {
        out.println(text);
        out.flush();
    }

    /** A titled block: a collapsible group in GitHub, the title alone elsewhere (details are in the report). */
    public synchronized void group(String title, List<String> details) {
        if (github) {
            out.println(WorkflowCommands.group(title));
            details.forEach(out::println);
            out.println(WorkflowCommands.endGroup());
        } else {
            out.println(title);
        }
        out.flush();
    }

    public synchronized void warning(String message) {
        err.println(github ? WorkflowCommands.warning("Canary Gate", message) : "warning: " + message);
        err.flush();
    }

    /** The reason a command failed; an annotation in GitHub. */
    public synchronized void error(String title, String message) {
        err.println(github ? WorkflowCommands.error(title, message) : "error: " + message);
        err.flush();
    }

    /** A stack trace for a bug; goes to stderr as is. */
    public synchronized void trace(Throwable t) {
        t.printStackTrace(err);
        err.flush();
    }
}
