package io.canarygate.core.engine;

import io.canarygate.core.time.Scheduler;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/** Runs blocking steps (short API calls) as scheduler tasks, so every engine operation is a future and no thread waits. */
final class Async {
    private Async() {}

    /** Runs {@code step} on the scheduler as soon as possible. */
    static <T> CompletableFuture<T> call(Scheduler scheduler, Callable<T> step) {
        return later(scheduler, Duration.ZERO, step);
    }

    /** Runs {@code step} on the scheduler after {@code delay}. */
    static <T> CompletableFuture<T> later(Scheduler scheduler, Duration delay, Callable<T> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        scheduler.schedule(delay, () -> {
            try {
                result.complete(step.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    /** The cause a future failed with, without the CompletionException wrappers. */
    static Throwable unwrap(Throwable t) {
        Throwable current = t;
        while ((current instanceof CompletionException || current instanceof ExecutionException)
                && current.getCause() != null) {
            current = current.getCause();
        }
        return current;
    }

    /** Waits for {@code future} on the calling thread, rethrowing its cause unwrapped (for faces that block). */
    static <T> T join(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = unwrap(e);
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
