package io.canarygate.cli;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.StepSpec;
import picocli.CommandLine.Model.CommandSpec;

final class DeployCommand extends ClusterCommand {
    private final Flags.Value<Integer> weightFlag = new Flags.Value<>();
    private int weight;

    DeployCommand(Run run) {
        super(run);
    }

    @Override
    CommandSpec spec() {
        CommandSpec spec = spec(
                "deploy",
                "Create or update the canary next to the stable Deployment and send --weight %% of traffic to it.");
        spec.addOption(Flags.option(
                        weightFlag,
                        Integer.class,
                        "PERCENT",
                        "Canary share of traffic, 0-100 (default: the first weight step of the plan).",
                        "--weight")
                .build());
        return spec;
    }

    @Override
    void check(RolloutSpec spec) {
        if (weightFlag.value() != null) {
            weight = weightFlag.value();
        } else {
            weight = spec.steps().stream()
                    .filter(s -> s instanceof StepSpec.Weight)
                    .map(s -> ((StepSpec.Weight) s).weight())
                    .findFirst()
                    .orElseThrow(() -> new CanaryGateException(
                            Kind.INVALID_INPUT,
                            run.setting("weight") + ": missing, and the plan has no weight step; pass e.g. "
                                    + run.setting("weight") + " 10 or add steps: [{weight: 10}] to canary.yaml"));
        }
        if (weight < 0 || weight > 100) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    run.setting("weight") + ": \"" + weight + "\" is not a percentage; write a number from 0 to 100");
        }
    }

    @Override
    Outcome execute(EngineSession s) {
        run.console.info("deploying " + s.spec.name() + " in namespace "
                + s.spec.target().namespace() + " at " + weight + "% (" + s.trigger.describe() + ")");
        RolloutStatus status = CanaryEngine.await(s.engine.deploy(s.spec, weight));
        return Outcome.of(status, "", "", ExitCode.DONE);
    }
}
