package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Durations;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.WaitOptions;
import io.canarygate.core.engine.WaitResult;
import io.canarygate.core.spec.RolloutSpec;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "wait",
        description = "Judge the objectives at the current weight for a window; on FAIL roll back (or pause, as the"
                + " objective says). Exits 0 on PASS, 1 otherwise.")
final class WaitCommand extends ClusterCommand {
    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            description = "Analysis length, e.g. 30m (default: the plan step at the current weight).")
    String duration;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            description = "Time between evaluations, e.g. 30s (default: the plan step at the current weight).")
    String interval;

    @Option(
            names = "--key",
            paramLabel = "KEY",
            description = "Names the window so a re-run resumes it (default: w<weight>; a guard job uses e.g. guard).")
    String key;

    @Option(
            names = "--rollback-on-failure",
            paramLabel = "BOOL",
            arity = "1",
            description = "Roll back on FAIL (default: rollback.automatic of canary.yaml).")
    Boolean rollbackOnFailure;

    private WaitOptions options;

    WaitCommand(Run run) {
        super(run);
    }

    @Override
    void check(RolloutSpec spec) {
        options = new WaitOptions(
                parse("duration", duration),
                parse("interval", interval),
                Optional.ofNullable(key).filter(k -> !k.isBlank()),
                Optional.ofNullable(rollbackOnFailure));
    }

    private Optional<Duration> parse(String setting, String value) {
        if (value == null) {
            return Optional.empty();
        }
        Optional<Duration> d = Durations.parse(value).filter(x -> !x.isZero());
        if (d.isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    run.setting(setting) + ": \"" + value + "\" is not a duration; " + Durations.EXAMPLES);
        }
        return d;
    }

    @Override
    Outcome execute(EngineSession s) {
        WaitResult result = CanaryEngine.await(s.engine.waitForSlo(s.spec, options));
        Verdict verdict = result.outcome().verdict();
        boolean pass = verdict instanceof Verdict.Pass;
        String what = "verdict " + verdict.id() + ": " + verdict.reason()
                + (result.rolledBack() ? " — rolled back, all traffic on stable" : "");
        if (pass) {
            run.console.info(what);
        } else {
            run.console.error(ExitCode.title(ExitCode.GATE_FAILED), what);
        }
        return Outcome.of(result.status(), verdict.id(), verdict.reason(), pass ? ExitCode.DONE : ExitCode.GATE_FAILED);
    }
}
