package io.canarygate.core.spec;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** One step of the plan. */
public sealed interface StepSpec {

    /**
     * Send {@code weight}% of traffic to the canary, then optionally analyse.
     *
     * @param weight 0–100
     * @param analysis how long and how often to judge the objectives at this weight
     * @param thresholds per-objective threshold overrides for this step (runbooks tighten limits stage by stage)
     */
    record Weight(int weight, Optional<Analysis> analysis, Map<String, Double> thresholds) implements StepSpec {
        public Weight {
            thresholds = Map.copyOf(thresholds);
        }
    }

    /**
     * Stop and wait: for a person's approval when {@code duration} is empty, else for that long.
     *
     * @param duration how long to wait, or empty for an approval gate
     */
    record Pause(Optional<Duration> duration) implements StepSpec {}

    /**
     * An analysis window.
     *
     * @param duration how long to judge (e.g. 30m)
     * @param interval time between evaluations (e.g. 30s); the first evaluation comes one interval after the start
     */
    record Analysis(Duration duration, Duration interval) {}
}
