package io.canarygate.core.analysis;

import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.time.Scheduler;
import java.util.List;
import java.util.function.Consumer;

/**
 * Judges objectives over a window on a {@link Scheduler}: one evaluation per interval, no thread held between them.
 * Each evaluation measures every objective, updates the counters and reports an {@link Evaluation} to
 * {@code onEvaluation}; if that callback throws, the run fails with that exception. The run ends early on FAIL.
 */
public final class AnalysisRunner {
    private AnalysisRunner() {}

    /**
     * Starts (or resumes, from {@code state}) a window. The next evaluation is due at {@code state.started() + (n+1) *
     * interval}, so a resumed window keeps the original cadence and deadline.
     */
    public static AnalysisRun start(
            List<Objective> objectives,
            AnalysisState state,
            MetricSource source,
            Scheduler scheduler,
            Consumer<Evaluation> onEvaluation) {
        throw new UnsupportedOperationException("not yet implemented");
    }
}
