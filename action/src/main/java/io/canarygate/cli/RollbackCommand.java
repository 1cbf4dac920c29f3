package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "rollback",
        description = "Send all traffic back to the unchanged stable version and scale the canary down.")
final class RollbackCommand extends ClusterCommand {
    @Option(
            names = "--reason",
            paramLabel = "TEXT",
            description = "Why, for the record and the audit trail (default: who asked).")
    String reason;

    @Option(
            names = "--mode",
            paramLabel = "MODE",
            description = "immediate or gradual (default: rollback.mode of canary.yaml).")
    String mode;

    private RollbackMode rollbackMode;

    RollbackCommand(Run run) {
        super(run);
    }

    @Override
    void check(RolloutSpec spec) {
        if (mode == null) {
            rollbackMode = spec.rollback().mode();
            return;
        }
        rollbackMode = Stream.of(RollbackMode.values())
                .filter(m -> m.id().equals(mode.strip()))
                .findFirst()
                .orElseThrow(() -> new CanaryGateException(
                        Kind.INVALID_INPUT,
                        run.setting("mode") + ": \"" + mode + "\" is not a rollback mode; write one of "
                                + Stream.of(RollbackMode.values())
                                        .map(RollbackMode::id)
                                        .collect(Collectors.joining(", "))));
    }

    @Override
    Outcome execute(EngineSession s) {
        String why = reason != null && !reason.isBlank() ? reason : "requested by " + s.trigger.describe();
        run.console.info("rolling back " + s.spec.name() + " (" + rollbackMode.id() + "): " + why);
        RolloutStatus status = CanaryEngine.await(s.engine.rollback(s.spec, why, rollbackMode));
        return Outcome.of(status, "", why, ExitCode.DONE);
    }
}
