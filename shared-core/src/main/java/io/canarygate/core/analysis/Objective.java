package io.canarygate.core.analysis;

import java.time.Duration;
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
 * @param baseline when present, {@code query} is not held to a bound but compared with the baseline's query
 *     ({@code compare} in canary.yaml): the canary may not be higher ({@code <=}) or lower ({@code >=}) than the
 *     baseline by more than {@code threshold}, a fraction of the baseline's median, with the baseline's confidence
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
        BreachAction onBreach,
        Optional<Baseline> baseline) {

    public static final int DEFAULT_CONSECUTIVE_LIMIT = 1;

    /** An objective held to its threshold (no baseline). */
    public Objective(
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
        this(
                name,
                query,
                op,
                threshold,
                consecutiveLimit,
                totalLimit,
                minEvidence,
                noData,
                inconclusiveLimit,
                onBreach,
                Optional.empty());
    }

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
                onBreach,
                baseline);
    }

    /**
     * The same objective failing on its first breach, with no limit on inconclusive measurements: how a gradual
     * rollback judges each pause on its way down.
     */
    public Objective failingOnFirstBreach() {
        return new Objective(
                name,
                query,
                op,
                threshold,
                1,
                Optional.empty(),
                minEvidence,
                noData,
                Optional.empty(),
                onBreach,
                baseline);
    }

    /** {@code p95-latency <= 0.5}; against a baseline {@code latency-vs-stable <= baseline +10%}. */
    public String describe() {
        if (baseline.isPresent()) {
            return name + " " + op.symbol() + " baseline " + (op.symbol().startsWith("<") ? "+" : "-")
                    + Measurement.format(threshold * 100) + "%";
        }
        return name + " " + op.symbol() + " " + Measurement.format(threshold);
    }

    /**
     * The series the canary's query is compared with ({@code compare} in canary.yaml), the Kayenta way: at each
     * evaluation both queries are read over the last {@code lookback} every {@code step}, and the Mann–Whitney
     * estimate of how far the canary sits from the baseline, with its confidence interval, is held to the tolerance.
     *
     * @param query PromQL for the baseline (usually the stable pods), one series
     * @param lookback how far back each evaluation reads both series (default 10m)
     * @param step the spacing of the samples read (default 30s)
     * @param confidence the interval's coverage (default 0.95): a breach needs the whole interval beyond the tolerance
     */
    public record Baseline(String query, Duration lookback, Duration step, double confidence) {
        public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(10);
        public static final Duration DEFAULT_STEP = Duration.ofSeconds(30);
        public static final double DEFAULT_CONFIDENCE = 0.95;
        /** Fewer samples than this on either side make a comparison inconclusive. */
        public static final int MIN_SAMPLES = 10;
        /**
         * The most samples a side may hold ({@code lookback / step + 1}): the comparison sorts every pairwise
         * difference, a million at this bound (8 MB, well under a second).
         */
        public static final int MAX_SAMPLES = 1000;
    }

    /**
     * Minimum evidence: {@code query} (e.g. the canary's request count over the window) must be at least {@code min}
     * for a measurement to count; below it the measurement is inconclusive.
     */
    public record Evidence(String query, double min) {}
}
