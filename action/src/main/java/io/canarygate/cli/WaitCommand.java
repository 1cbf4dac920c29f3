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
import picocli.CommandLine.Model.CommandSpec;

final class WaitCommand extends ClusterCommand {
    private final Flags.Value<String> duration = new Flags.Value<>();
    private final Flags.Value<String> interval = new Flags.Value<>();
    private final Flags.Value<String> key = new Flags.Value<>();
    private final Flags.Value<Boolean> rollbackOnFailure = new Flags.Value<>();

    private WaitOptions options;

    WaitCommand(Run run) {
        super(run);
    }

    @Override
    CommandSpec spec() {
        CommandSpec spec = spec(
                "wait",
                "Judge the objectives at the current weight for a window; on FAIL roll back (or pause, as the"
                        + " objective says). Exits 0 on PASS, 1 otherwise.");
        spec.addOption(Flags.string(
                duration,
                "DURATION",
                "Analysis length, e.g. 30m (default: the plan step at the current weight).",
                "--duration"));
        spec.addOption(Flags.string(
                interval,
                "DURATION",
                "Time between evaluations, e.g. 30s (default: the plan step at the current weight).",
                "--interval"));
        spec.addOption(Flags.string(
                key,
                "KEY",
                "Names the window so a re-run resumes it (default: w<weight>; a guard job uses e.g. guard).",
                "--key"));
        spec.addOption(Flags.option(
                        rollbackOnFailure,
                        Boolean.class,
                        "BOOL",
                        "Roll back on FAIL (default: rollback.automatic of canary.yaml).",
                        "--rollback-on-failure")
                .arity("1")
                .build());
        return spec;
    }

    @Override
    void check(RolloutSpec spec) {
        options = new WaitOptions(
                parse("duration", duration.value()),
                parse("interval", interval.value()),
                Optional.ofNullable(key.value()).filter(k -> !k.isBlank()),
                Optional.ofNullable(rollbackOnFailure.value()));
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
