package io.canarygate.core.spec;

import java.time.Duration;

/**
 * How rollbacks are carried out.
 *
 * @param mode the mode for rollbacks that do not say (manual rollback, failed step); default immediate
 * @param automatic whether a failed analysis rolls back by itself (default true)
 * @param gradualStep percentage points removed per step in a gradual rollback (default 10)
 * @param gradualPause pause between gradual steps (default 30s)
 */
public record RollbackSpec(RollbackMode mode, boolean automatic, int gradualStep, Duration gradualPause) {
    public static final RollbackSpec DEFAULT =
            new RollbackSpec(RollbackMode.IMMEDIATE, true, 10, Duration.ofSeconds(30));
}
