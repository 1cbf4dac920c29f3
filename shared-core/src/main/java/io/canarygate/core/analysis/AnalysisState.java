package io.canarygate.core.analysis;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one analysis window stands: enough to resume it after a crash or a controller restart. Deadlines are absolute,
 * so a resumed analysis ends when the original would have.
 *
 * @param started when the window began
 * @param deadline when the window ends
 * @param interval time between evaluations
 * @param evaluations evaluations done so far
 * @param objectives counters per objective, in declaration order
 */
public record AnalysisState(
        Instant started, Instant deadline, Duration interval, int evaluations, List<ObjectiveState> objectives)
        implements Serializable {

    public AnalysisState {
        objectives = List.copyOf(objectives);
    }

    /** A fresh window of {@code duration} starting {@code now}. */
    public static AnalysisState start(Instant now, Duration duration, Duration interval, List<Objective> objectives) {
        return new AnalysisState(
                now,
                now.plus(duration),
                interval,
                0,
                objectives.stream().map(o -> ObjectiveState.initial(o.name())).toList());
    }

    /** Counters for {@code objective}. */
    public ObjectiveState objective(String objective) {
        return objectives.stream()
                .filter(o -> o.objective().equals(objective))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no objective " + objective));
    }
}
