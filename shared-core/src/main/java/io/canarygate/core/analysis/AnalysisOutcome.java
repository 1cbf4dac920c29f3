package io.canarygate.core.analysis;

import java.util.List;

/**
 * How an analysis ended.
 *
 * @param verdict PASS, FAIL or INCONCLUSIVE
 * @param state final counters
 * @param measurements every measurement taken, in order
 */
public record AnalysisOutcome(Verdict verdict, AnalysisState state, List<Measurement> measurements) {
    public AnalysisOutcome {
        measurements = List.copyOf(measurements);
    }
}
