package io.canarygate.core.state;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Measurement;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One analysis window as kept in the record: its inputs (queries, thresholds, window), its counters, its measurements
 * (the most recent {@link #MAX_MEASUREMENTS}) and, once over, its verdict and reason.
 *
 * @param key what identifies this window for resumption ({@code w10} for the analysis at weight 10, or a name the face
 *     chose, e.g. {@code guard})
 * @param weight canary weight during the window
 * @param queries objective name → query
 * @param thresholds objective name → {@code op threshold} in force, e.g. {@code <= 0.5}
 * @param state counters and deadline; resumed from after a crash
 * @param measurements most recent measurements, oldest first
 * @param verdict PASS, FAIL or INCONCLUSIVE once over; null while running
 * @param reason why the verdict, once over
 * @param ended when the window ended, or null
 * @param trigger who ran it
 */
public record AnalysisRecord(
        String key,
        int weight,
        Map<String, String> queries,
        Map<String, String> thresholds,
        AnalysisState state,
        List<Measurement> measurements,
        String verdict,
        String reason,
        Instant ended,
        Trigger trigger) {

    /** Measurements kept per window; a ConfigMap holds at most 1 MiB. */
    public static final int MAX_MEASUREMENTS = 120;

    public boolean isOver() {
        return verdict != null;
    }
}
