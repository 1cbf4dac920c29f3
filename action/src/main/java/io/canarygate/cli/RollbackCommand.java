package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Model.CommandSpec;

final class RollbackCommand extends ClusterCommand {
    private final Flags.Value<String> reason = new Flags.Value<>();
    private final Flags.Value<String> mode = new Flags.Value<>();

    private RollbackMode rollbackMode;

    RollbackCommand(Run run) {
        super(run);
    }

    @Override
    CommandSpec spec() {
        CommandSpec spec =
                spec("rollback", "Send all traffic back to the unchanged stable version and scale the canary down.");
        spec.addOption(Flags.string(
                reason, "TEXT", "Why, for the record and the audit trail (default: who asked).", "--reason"));
        spec.addOption(
                Flags.string(mode, "MODE", "immediate or gradual (default: rollback.mode of canary.yaml).", "--mode"));
        return spec;
    }

    @Override
    void check(RolloutSpec spec) {
        if (mode.value() == null) {
            rollbackMode = spec.rollback().mode();
            return;
        }
        rollbackMode = Stream.of(RollbackMode.values())
                .filter(m -> m.id().equals(mode.value().strip()))
                .findFirst()
                .orElseThrow(() -> new CanaryGateException(
                        Kind.INVALID_INPUT,
                        run.setting("mode") + ": \"" + mode.value() + "\" is not a rollback mode; write one of "
                                + Stream.of(RollbackMode.values())
                                        .map(RollbackMode::id)
                                        .collect(Collectors.joining(", "))));
    }

    @Override
    Outcome execute(EngineSession s) {
        String why = reason.value() != null && !reason.value().isBlank()
                ? reason.value()
                : "requested by " + s.trigger.describe();
        run.console.info("rolling back " + s.spec.name() + " (" + rollbackMode.id() + "): " + why);
        RolloutStatus status = CanaryEngine.await(s.engine.rollback(s.spec, why, rollbackMode));
        return Outcome.of(status, "", why, ExitCode.DONE);
    }
}
