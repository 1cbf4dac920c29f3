package io.canarygate.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one clock and timer every wait in Canary Gate goes through. A wait never blocks a thread: it schedules its next
 * step here. {@link SystemScheduler} runs on wall-clock time with a small shared pool; {@link VirtualScheduler} runs
 * hours of analysis in milliseconds for logic tests.
 */
public interface Scheduler {

    /** The current time on this scheduler's clock. */
    Instant now();

    /**
     * Runs {@code task} once after {@code delay} (zero or negative means as soon as possible). Tasks may do short
     * blocking I/O (one HTTP call); they must not sleep.
     */
    Cancellable schedule(Duration delay, Runnable task);

    /** A scheduled task that can be called off. */
    interface Cancellable {
        /** Calls the task off if it has not started; returns false if it already ran or was cancelled. */
        boolean cancel();
    }
}
