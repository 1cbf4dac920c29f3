package io.canarygate.cli;

import io.canarygate.core.spec.RolloutSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;

/**
 * A command that works on a rollout in the cluster. The spec is loaded and every flag checked before a client exists,
 * so bad input never reaches the API server; then the command runs and ends through {@link Run#finish} or
 * {@link Run#fail}.
 */
abstract class ClusterCommand implements Callable<Integer> {
    final SpecOptions specOptions = new SpecOptions();
    final ClusterOptions cluster = new ClusterOptions();

    final Run run;

    ClusterCommand(Run run) {
        this.run = run;
    }

    /** This command's line: its name, what it does and its own flags (picocli calls {@link #call} when it is run). */
    abstract CommandSpec spec();

    /** The spec of a cluster command: help, the canary.yaml flags and the cluster flags; the command adds its own. */
    final CommandSpec spec(String name, String... description) {
        CommandSpec spec = Flags.command(this, name, description);
        specOptions.addTo(spec);
        cluster.addTo(spec);
        return spec;
    }

    /** Checks this command's own flags against the spec; throws INVALID_INPUT naming the flag. */
    void check(RolloutSpec spec) {}

    abstract Outcome execute(EngineSession session);

    @Override
    public final Integer call() {
        EngineSession session = null;
        try {
            RolloutSpec spec = run.load(specOptions);
            check(spec);
            session = EngineSession.open(run, cluster, spec);
            if (run.env.get(Main.EXIT_AFTER_SETUP).isPresent()) {
                run.console.info("inputs parsed, clients ready");
                return ExitCode.DONE;
            }
            return run.finish(execute(session), cluster.reportDir());
        } catch (RuntimeException e) {
            Optional<Outcome> known = session == null
                    ? Optional.empty()
                    : session.recordQuietly().map(r -> Outcome.of(r, "", "", ExitCode.of(e)));
            return run.fail(e, known, cluster.reportDir());
        } finally {
            if (session != null) {
                session.close();
            }
        }
    }
}
