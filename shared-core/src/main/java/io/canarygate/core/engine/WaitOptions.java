package io.canarygate.core.engine;

import java.time.Duration;
import java.util.Optional;

/**
 * How {@link CanaryEngine#waitForSlo} runs.
 *
 * @param duration analysis length; empty takes it from the plan step at the current weight
 * @param interval time between evaluations; empty takes it from the plan step at the current weight
 * @param key identifies the window for resumption; empty means {@code w<weight>}. A re-run with the key of an unfinished
 *     window continues it; with the key of a finished one it returns that verdict again.
 * @param rollbackOnFailure roll back when the verdict is FAIL (default: the spec's {@code rollback.automatic})
 */
public record WaitOptions(
        Optional<Duration> duration,
        Optional<Duration> interval,
        Optional<String> key,
        Optional<Boolean> rollbackOnFailure) {

    public static WaitOptions defaults() {
        return new WaitOptions(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public static WaitOptions of(Duration duration, Duration interval) {
        return new WaitOptions(Optional.of(duration), Optional.of(interval), Optional.empty(), Optional.empty());
    }
}
