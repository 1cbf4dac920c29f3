package io.canarygate.core.analysis;

import java.util.Optional;

/** Objectives for tests, with canary.yaml's defaults for everything a test does not name. */
public final class Objectives {
    private Objectives() {}

    /**
     * {@code name}: {@code query} compared with the baseline ({@code compare} in canary.yaml), failing after
     * {@code consecutive} breaches in a row; inconclusive on no data, rollback on failure.
     */
    public static Objective compared(
            String name, String query, Comparison op, double tolerance, int consecutive, Objective.Baseline baseline) {
        return new Objective(
                name,
                query,
                op,
                tolerance,
                consecutive,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK,
                Optional.of(baseline));
    }
}
