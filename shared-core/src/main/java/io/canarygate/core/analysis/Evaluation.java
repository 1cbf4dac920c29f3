package io.canarygate.core.analysis;

import java.time.Instant;
import java.util.List;

/**
 * One evaluation of every objective: what a progress line shows.
 *
 * @param number 1-based evaluation number
 * @param time evaluation time
 * @param measurements one per objective, in declaration order
 * @param state counters after this evaluation
 */
public record Evaluation(int number, Instant time, List<Measurement> measurements, AnalysisState state) {
    public Evaluation {
        measurements = List.copyOf(measurements);
    }
}
