package io.canarygate.core.analysis;

import java.util.concurrent.CompletableFuture;

/** A running analysis window. */
public interface AnalysisRun {

    /** Completes with the verdict when the window ends or an objective fails; fails when a query cannot be used. */
    CompletableFuture<AnalysisOutcome> result();

    /** Stops evaluating; {@link #result()} completes exceptionally with a CancellationException. */
    void cancel();
}
