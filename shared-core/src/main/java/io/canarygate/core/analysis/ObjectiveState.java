package io.canarygate.core.analysis;

import java.io.Serializable;

/**
 * Running counters for one objective during one analysis. Plain data: it is persisted in the rollout record and by
 * faces that must resume a wait after a restart.
 *
 * @param objective objective name
 * @param measurements measurements taken
 * @param passes passing measurements
 * @param breaches breaching measurements in all
 * @param consecutiveBreaches breaches since the last pass
 * @param inconclusive inconclusive measurements in all
 * @param last the latest measurement, or null before the first
 */
public record ObjectiveState(
        String objective,
        int measurements,
        int passes,
        int breaches,
        int consecutiveBreaches,
        int inconclusive,
        Measurement last)
        implements Serializable {

    public static ObjectiveState initial(String objective) {
        return new ObjectiveState(objective, 0, 0, 0, 0, 0, null);
    }
}
