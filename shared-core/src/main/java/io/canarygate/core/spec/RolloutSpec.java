package io.canarygate.core.spec;

import io.canarygate.core.analysis.Objective;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A validated rollout description ({@code canary.yaml}). Instances come only from {@link SpecLoader}, which checks every
 * field before anything touches the cluster; the fields here are therefore complete, with defaults filled in.
 *
 * @param name the rollout id (DNS-1123 label, at most 50 characters); defaults to the Deployment's name
 * @param target the stable Deployment and the new image(s)
 * @param traffic how traffic is split between stable and canary
 * @param metrics where objectives are measured; empty when no objective is declared
 * @param objectives what must hold while the canary takes traffic
 * @param steps the plan (weights with analyses, pauses); may be empty when a pipeline drives weights itself
 * @param rollback how a rollback is carried out
 * @param notifications where transitions are announced
 * @param readyTimeout how long a Deployment may take to become ready
 */
public record RolloutSpec(
        String name,
        TargetSpec target,
        RouterSpec traffic,
        Optional<MetricsSpec> metrics,
        List<Objective> objectives,
        List<StepSpec> steps,
        RollbackSpec rollback,
        List<NotifySpec> notifications,
        Duration readyTimeout) {

    public static final Duration DEFAULT_READY_TIMEOUT = Duration.ofMinutes(5);

    public RolloutSpec {
        objectives = List.copyOf(objectives);
        steps = List.copyOf(steps);
        notifications = List.copyOf(notifications);
    }

    /** The objective named {@code name}, if declared. */
    public Optional<Objective> objective(String name) {
        return objectives.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    /** The first weight step of the plan that sets {@code weight}, if any. */
    public Optional<StepSpec.Weight> stepForWeight(int weight) {
        return steps.stream()
                .filter(s -> s instanceof StepSpec.Weight w && w.weight() == weight)
                .map(s -> (StepSpec.Weight) s)
                .findFirst();
    }
}
