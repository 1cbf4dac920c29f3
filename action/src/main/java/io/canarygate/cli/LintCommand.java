package io.canarygate.cli;

import io.canarygate.core.Durations;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.StepSpec;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;

final class LintCommand implements Callable<Integer> {
    final SpecOptions specOptions = new SpecOptions();

    private final Run run;

    LintCommand(Run run) {
        this.run = run;
    }

    CommandSpec spec() {
        CommandSpec spec = Flags.command(
                this,
                "lint",
                "Validate canary.yaml (with the flags applied) without a cluster; every error names its field.");
        specOptions.addTo(spec);
        return spec;
    }

    @Override
    public Integer call() {
        try {
            RolloutSpec spec = run.load(specOptions);
            run.console.info(specOptions.config.value() + ": valid — rollout " + spec.name() + ", Deployment "
                    + spec.target().namespace() + "/" + spec.target().deployment() + ", router "
                    + spec.traffic().kind() + ", " + spec.objectives().size() + " objective(s), plan: "
                    + plan(spec));
            return run.finish(
                    new Outcome(spec.name(), "", Optional.empty(), "", "", Optional.empty(), 0), Optional.empty());
        } catch (RuntimeException e) {
            return run.fail(e, Optional.empty(), Optional.empty());
        }
    }

    static String plan(RolloutSpec spec) {
        if (spec.steps().isEmpty()) {
            return "none (the pipeline sets weights)";
        }
        return spec.steps().stream()
                .map(s -> {
                    if (s instanceof StepSpec.Weight w) {
                        return w.weight() + "%"
                                + w.analysis()
                                        .map(a -> " for " + Durations.format(a.duration()))
                                        .orElse("");
                    }
                    return ((StepSpec.Pause) s)
                            .duration()
                            .map(d -> "pause " + Durations.format(d))
                            .orElse("approval");
                })
                .collect(Collectors.joining(" → "));
    }
}
