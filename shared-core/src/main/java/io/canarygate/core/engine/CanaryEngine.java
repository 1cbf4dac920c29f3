package io.canarygate.core.engine;

import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The operations the faces call. Each is idempotent and resumable from the rollout record: re-running after a crash at
 * any point continues or does nothing. Long operations return futures completed on the scheduler; no thread waits.
 */
public final class CanaryEngine {
    private final EngineContext context;

    public CanaryEngine(EngineContext context) {
        this.context = context;
    }

    /** Creates or updates the canary and sends {@code weight}% of traffic to it. */
    public CompletableFuture<RolloutStatus> deploy(RolloutSpec spec, int weight) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Judges the objectives at the current weight; on FAIL rolls back unless told not to. */
    public CompletableFuture<WaitResult> waitForSlo(RolloutSpec spec, WaitOptions options) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Rolls the stable Deployment to the canary's images, sends all traffic to it and removes the canary. */
    public CompletableFuture<RolloutStatus> promote(RolloutSpec spec) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Sends all traffic back to stable and scales the canary down. */
    public CompletableFuture<RolloutStatus> rollback(RolloutSpec spec, String reason, RollbackMode mode) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Where the rollout stands, or empty when it has no record. */
    public Optional<RolloutStatus> status(String namespace, String rollout) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    EngineContext context() {
        return context;
    }
}
