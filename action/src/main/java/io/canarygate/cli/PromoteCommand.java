package io.canarygate.cli;

import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.RolloutStatus;
import picocli.CommandLine.Model.CommandSpec;

final class PromoteCommand extends ClusterCommand {
    PromoteCommand(Run run) {
        super(run);
    }

    @Override
    CommandSpec spec() {
        return spec(
                "promote",
                "Roll the stable Deployment to the canary's images, send all traffic to it, remove the canary."
                        + " Re-run it to resume an interrupted promotion.");
    }

    @Override
    Outcome execute(EngineSession s) {
        run.console.info("promoting " + s.spec.name() + " in namespace "
                + s.spec.target().namespace() + " (" + s.trigger.describe() + ")");
        RolloutStatus status = CanaryEngine.await(s.engine.promote(s.spec));
        return Outcome.of(status, "", "", ExitCode.DONE);
    }
}
