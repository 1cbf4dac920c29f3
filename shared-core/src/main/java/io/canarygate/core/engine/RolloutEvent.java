package io.canarygate.core.engine;

import io.canarygate.core.analysis.Evaluation;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.state.Phase;
import java.time.Instant;
import java.util.List;

/** Progress the engine reports while it works; faces print {@link ProgressFormatter#format(RolloutEvent)}. */
public sealed interface RolloutEvent {
    Instant time();

    String rollout();

    /** The rollout moved from one phase to another. */
    record PhaseChanged(Instant time, String rollout, Phase from, Phase to, int weight, String reason)
            implements RolloutEvent {}

    /** The canary's share of traffic changed. */
    record WeightChanged(Instant time, String rollout, int from, int to) implements RolloutEvent {}

    /** One evaluation of every objective: values against thresholds. */
    record Evaluated(
            Instant time, String rollout, int weight, List<Objective> objectives, Evaluation evaluation, String window)
            implements RolloutEvent {
        public Evaluated {
            objectives = List.copyOf(objectives);
        }
    }

    /** Anything else worth a line: waiting for readiness, retrying, cleaning up. */
    record Note(Instant time, String rollout, String message) implements RolloutEvent {}
}
