package io.canarygate.core.analysis;

import java.util.Optional;

/**
 * One objective: a query whose value must satisfy {@code op threshold}, judged on every evaluation. Every knob and its
 * default is described in docs/canary-yaml.md (Analysis).
 *
 * @param name identifier used in reports, step overrides and messages ([a-z0-9-])
 * @param query PromQL that returns one series or a scalar
 * @param op how the value is compared with the threshold
 * @param threshold the bound the value must respect (a step may override it)
 * @param consecutiveLimit the objective fails after this many breaches in a row (default 1)
 * @param totalLimit the objective fails after this many breaches in all, consecutive or not (default: no limit)
 * @param minEvidence a count that must reach a minimum before a measurement counts
 * @param noData what an empty or NaN result means (default inconclusive)
 * @param inconclusiveLimit the analysis ends inconclusive after more than this many inconclusive measurements of this
 *     objective (default: no limit; at the end an objective still needs one passing measurement)
 * @param onBreach what a failure of this objective makes the rollout do (default rollback)
 */
public record Objective(
        String name,
        String query,
        Comparison op,
        double threshold,
        int consecutiveLimit,
        Optional<Integer> totalLimit,
        Optional<Evidence> minEvidence,
        NoDataPolicy noData,
        Optional<Integer> inconclusiveLimit,
        BreachAction onBreach) {

    public static final int DEFAULT_CONSECUTIVE_LIMIT = 1;

    /** The same objective with another threshold (a step override). */
    public Objective withThreshold(double newThreshold) {
        return new Objective(
                name,
                query,
                op,
                newThreshold,
                consecutiveLimit,
                totalLimit,
                minEvidence,
                noData,
                inconclusiveLimit,
                onBreach);
    }

    /** {@code p95-latency <= 0.5}. */
    public String describe() {
        return name + " " + op.symbol() + " " + Measurement.format(threshold);
    }

    /**
     * Minimum evidence: {@code query} (e.g. the canary's request count over the window) must be at least {@code min}
     * for a measurement to count; below it the measurement is inconclusive.
     */
    public record Evidence(String query, double min) {}
}
