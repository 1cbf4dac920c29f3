package io.canarygate.core.analysis;

/**
 * What a measurement without data (empty result, NaN such as 0/0) means. Nothing passes on missing data unless the
 * user wrote {@code pass} for that objective.
 */
public enum NoDataPolicy {
    /** Counts as a breach. */
    FAIL,
    /** Counts as inconclusive (the default). */
    INCONCLUSIVE,
    /** Counts as a pass: only when the user says so. */
    PASS;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
