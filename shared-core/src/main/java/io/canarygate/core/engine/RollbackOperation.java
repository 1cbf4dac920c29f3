package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.analysis.AnalysisRunner;
import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.state.LeaseHandle;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.traffic.CanaryTarget;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code rollback(reason, mode)}: traffic back to the unchanged stable version, canary scaled to zero (invariant 1).
 * Immediate mode sets weight 0 in one call; gradual mode steps down with pauses while still judging the objectives
 * and drops to 0 at once on a breach.
 */
final class RollbackOperation {
    private RollbackOperation() {}

    static CompletableFuture<RolloutStatus> run(Session s, String reason, io.canarygate.core.spec.RollbackMode mode) {
        LeaseHandle[] lease = new LeaseHandle[1];
        return Async.call(s.ctx.scheduler(), () -> {
                    RolloutRecord r = s.requireRecord("roll back");
                    if (r.phase() == Phase.ROLLED_BACK) {
                        s.note("already rolled back; nothing to do");
                        return Optional.of(r);
                    }
                    if (r.phase() == Phase.PROMOTED) {
                        throw new CanaryGateException(
                                Kind.CONFLICT,
                                "rollout " + s.rollout + " is already promoted, so there is no canary to roll back;"
                                        + " to undo it, deploy the previous image as a new rollout");
                    }
                    lease[0] = Leases.acquire(s);
                    if (mode == io.canarygate.core.spec.RollbackMode.GRADUAL && ArgoRolloutFlow.drives(s)) {
                        s.note("argo-rollout: an abort sends all traffic to stable at once, so the rollback is"
                                + " immediate, not gradual");
                        return Optional.of(immediate(s, reason));
                    }
                    if (mode == io.canarygate.core.spec.RollbackMode.IMMEDIATE || r.weight() == 0) {
                        return Optional.of(immediate(s, reason));
                    }
                    return Optional.<RolloutRecord>empty();
                })
                .thenCompose(
                        done -> done.isPresent() ? CompletableFuture.completedFuture(done.get()) : gradual(s, reason))
                .handle((record, error) -> {
                    if (lease[0] != null) {
                        lease[0].release();
                    }
                    if (error != null) {
                        throw Errors.rethrow(error);
                    }
                    return Status.of(s, record);
                });
    }

    /**
     * How deploy and promote end, the lease released either way: with {@code status}, or after {@code error}, if the
     * operation had {@code changed} something, with an immediate rollback ({@code what: <the error>} as its reason;
     * invariant 2; a rollback that fails too is kept as suppressed) and the error thrown.
     */
    static RolloutStatus end(
            Session s, RolloutStatus status, Throwable error, boolean changed, LeaseHandle lease, String what) {
        try {
            if (error == null) {
                return status;
            }
            throw afterFailure(s, error, changed, what);
        } finally {
            if (lease != null) {
                lease.release();
            }
        }
    }

    private static RuntimeException afterFailure(Session s, Throwable error, boolean changed, String what) {
        Throwable cause = Async.unwrap(error);
        if (changed) {
            try {
                immediate(s, what + ": " + cause.getMessage());
            } catch (RuntimeException rollbackFailure) {
                cause.addSuppressed(rollbackFailure);
            }
        }
        return Errors.rethrow(cause);
    }

    /**
     * Weight 0 in one call, canary scaled to zero, record ROLLED_BACK. Blocking; the caller holds the lease. Safe to
     * repeat: each step converges. If a promotion was under way, the stable Deployment gets its original images back.
     */
    static RolloutRecord immediate(Session s, String reason) {
        if (ArgoRolloutFlow.drives(s)) {
            return ArgoRolloutFlow.rollback(s, reason);
        }
        Optional<RolloutRecord> before = s.record();
        CanaryTarget target = s.target();
        s.router().setWeight(target, 0);
        if (before.isPresent() && before.get().phase() != Phase.ROLLING_BACK) {
            s.transition(Phase.ROLLING_BACK, 0, reason);
        }
        if (before.isPresent() && before.get().phase() == Phase.PROMOTING) {
            s.workloads.setImages(
                    s.namespace, before.get().deployment(), before.get().stableImages());
        }
        s.router().remove(target);
        s.workloads.scaleCanary(target, 0);
        if (before.isEmpty()) {
            return null;
        }
        return s.transition(Phase.ROLLED_BACK, 0, reason);
    }

    /** Steps the weight down by {@code rollback.gradual.step}, pausing and judging between steps. */
    private static CompletableFuture<RolloutRecord> gradual(Session s, String reason) {
        RolloutRecord r = s.requireRecord("roll back");
        int step = s.spec.rollback().gradualStep();
        int next = Math.max(0, r.weight() - step);
        if (next == 0) {
            return Async.call(s.ctx.scheduler(), () -> immediate(s, reason));
        }
        return Async.call(s.ctx.scheduler(), () -> {
                    CanaryTarget target = s.target();
                    s.router().setWeight(target, next);
                    int stableReplicas =
                            s.workloads.readiness(s.namespace, r.deployment()).desired();
                    s.workloads.scaleCanary(target, s.router().canaryReplicas(stableReplicas, next));
                    s.transition(Phase.ROLLING_BACK, next, reason + " (gradual: " + next + "%)");
                    return null;
                })
                .thenCompose(ignored -> judgeDuringPause(s, next))
                .thenCompose(breach -> breach.isPresent()
                        ? Async.call(
                                s.ctx.scheduler(),
                                () -> immediate(s, reason + "; dropped to 0% at once: " + breach.get()))
                        : gradual(s, reason));
    }

    /** Waits one gradual pause; returns the breach reason if any objective breached meanwhile. */
    private static CompletableFuture<Optional<String>> judgeDuringPause(Session s, int weight) {
        Duration pause = s.spec.rollback().gradualPause();
        if (s.spec.objectives().isEmpty() || s.spec.metrics().isEmpty() || pause.isZero()) {
            return Async.later(s.ctx.scheduler(), pause, Optional::empty);
        }
        // Any breach counts during the descent: one breach is enough to drop to 0.
        List<Objective> strict = s.spec.objectives().stream()
                .map(Objective::failingOnFirstBreach)
                .toList();
        Duration interval = pause.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : pause;
        AnalysisState state = AnalysisState.start(s.now(), pause, interval, strict);
        var source = s.ctx.metrics().create(s.spec.metrics().get(), s.ctx.secrets());
        return AnalysisRunner.start(strict, state, source, s.ctx.scheduler(), evaluation -> s.ctx.listener()
                        .on(new RolloutEvent.Evaluated(
                                s.now(), s.rollout, weight, strict, evaluation, "gradual rollback")))
                .result()
                .handle((outcome, error) -> {
                    if (error != null) {
                        // Unjudgeable is no reason to keep traffic on the canary: drop to 0 at once (invariant 2).
                        return Optional.of(
                                "could not measure: " + Async.unwrap(error).getMessage());
                    }
                    return outcome.verdict() instanceof Verdict.Fail f
                            ? Optional.of(f.reason())
                            : Optional.<String>empty();
                });
    }
}
