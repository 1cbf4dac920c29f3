package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.state.AuditTrail;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutLease;
import io.canarygate.core.state.RolloutRecord;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The operations the faces call. Each is idempotent and resumable from the rollout record: re-running after a crash at
 * any point continues or does nothing. Every operation returns a future completed on the scheduler; no thread waits.
 * Input that can be checked without the cluster is checked before the first request, and a failure after a change
 * ends with all traffic on the unchanged stable version.
 */
public final class CanaryEngine {
    private final EngineContext context;
    private final Session.Components components;

    public CanaryEngine(EngineContext context) {
        this.context = context;
        this.components = new Session.Components(
                new Workloads(context.kube()),
                new RecordStore(context.kube()),
                new RolloutLease(context.kube()),
                new AuditTrail(context.kube()));
    }

    /** Creates or updates the canary and sends {@code weight}% of traffic to it. */
    public CompletableFuture<RolloutStatus> deploy(RolloutSpec spec, int weight) {
        return guarded(() -> DeployOperation.run(session(spec), weight));
    }

    /** Judges the objectives at the current weight; on FAIL applies the objective's action (rollback by default). */
    public CompletableFuture<WaitResult> waitForSlo(RolloutSpec spec, WaitOptions options) {
        return guarded(() -> WaitOperation.run(session(spec), options));
    }

    /** Rolls the stable Deployment to the canary's images, sends all traffic to it and removes the canary. */
    public CompletableFuture<RolloutStatus> promote(RolloutSpec spec) {
        return guarded(() -> PromoteOperation.run(session(spec)));
    }

    /**
     * Sends all traffic back to the unchanged stable version and scales the canary down; {@code mode} null means the
     * spec's {@code rollback.mode}.
     */
    public CompletableFuture<RolloutStatus> rollback(RolloutSpec spec, String reason, RollbackMode mode) {
        if (reason == null || reason.isBlank()) {
            return CompletableFuture.failedFuture(new CanaryGateException(
                    Kind.INVALID_INPUT, "reason: missing; say why you roll back, e.g. \"errors on checkout\""));
        }
        RollbackMode effective = mode == null ? spec.rollback().mode() : mode;
        return guarded(() -> RollbackOperation.run(session(spec), reason, effective));
    }

    /** Where the rollout stands (record, router weight, replicas), or empty when it has no record. */
    public Optional<RolloutStatus> status(RolloutSpec spec) {
        Session s = session(spec);
        return s.record().map(r -> Status.of(s, r));
    }

    /** The record alone, for faces that know only a namespace and rollout id. */
    public Optional<RolloutRecord> record(String namespace, String rollout) {
        return components.records().read(namespace, rollout);
    }

    /**
     * Waits for {@code future} on the calling thread and rethrows its failure unwrapped, for faces whose steps may
     * block (CLI, Jenkins' synchronous steps).
     */
    public static <T> T await(CompletableFuture<T> future) {
        return Async.join(future);
    }

    private Session session(RolloutSpec spec) {
        return new Session(context, components, spec);
    }

    /** Turns a synchronous input error into a failed future, so callers handle one path. */
    private static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> op) {
        try {
            return op.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
