package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.state.LeaseHandle;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.traffic.CanaryTarget;
import java.util.concurrent.CompletableFuture;

/**
 * {@code promote()}: the stable Deployment rolls to the canary's images, all traffic goes to it, the canary is removed.
 * Recorded in steps (PROMOTING, then PROMOTED) so a crash in the middle is finished by re-running promote
 * (invariant 3). If the stable Deployment does not become ready on the new images, it gets its old images back and
 * all traffic returns to it (invariant 2).
 */
final class PromoteOperation {
    private final Session s;
    private LeaseHandle lease;
    private boolean started;

    private PromoteOperation(Session s) {
        this.s = s;
    }

    static CompletableFuture<RolloutStatus> run(Session s) {
        PromoteOperation op = new PromoteOperation(s);
        return Async.call(s.ctx.scheduler(), op::begin).thenCompose(op::promote).handle(op::finish);
    }

    private RolloutRecord begin() {
        RolloutRecord r = s.requireRecord("promote");
        switch (r.phase()) {
            case PROMOTED -> {
                s.note("already promoted; nothing to do");
                return null;
            }
            case ROLLED_BACK, ROLLING_BACK ->
                throw new CanaryGateException(
                        Kind.CONFLICT,
                        "rollout " + s.rollout + " was rolled back ("
                                + r.lastTransition().map(t -> t.reason()).orElse("no reason recorded")
                                + "); deploy again to retry the release");
            case DEPLOYING ->
                throw new CanaryGateException(
                        Kind.CONFLICT,
                        "rollout " + s.rollout + " is still deploying; re-run deploy to finish it first");
            default -> {}
        }
        if (!r.owner().holder().equals(s.ctx.trigger().holder()) && r.phase() != Phase.PROMOTING) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "rollout " + s.rollout + " was started by " + r.owner().describe()
                            + "; only that pipeline run promotes it (or roll it back and start a new one)");
        }
        lease = Leases.acquire(s);
        started = true;
        if (r.phase() != Phase.PROMOTING) {
            r = s.transition(
                    Phase.PROMOTING,
                    r.weight(),
                    "promote " + DeployOperation.describe(r.canaryImages()) + " to " + r.deployment());
        }
        if (ArgoRolloutFlow.drives(s)) {
            ArgoRolloutFlow.startPromotion(s);
        } else {
            s.workloads.setImages(s.namespace, r.deployment(), r.canaryImages());
        }
        return r;
    }

    private CompletableFuture<RolloutStatus> promote(RolloutRecord r) {
        if (r == null) {
            return CompletableFuture.completedFuture(Status.of(s, s.requireRecord("promote")));
        }
        if (ArgoRolloutFlow.drives(s)) {
            return ArgoRolloutFlow.awaitPromoted(s, r).thenApply(promoted -> {
                RolloutRecord done = s.transition(
                        Phase.PROMOTED,
                        100,
                        "rollout " + r.deployment() + " runs " + DeployOperation.describe(r.canaryImages()));
                return Status.of(s, done);
            });
        }
        int replicas = s.workloads.readiness(s.namespace, r.deployment()).desired();
        return s.workloads
                .awaitReady(s.namespace, r.deployment(), replicas, s.spec.readyTimeout(), s.ctx.scheduler(), s::note)
                .thenCompose(ready -> Async.call(s.ctx.scheduler(), () -> {
                    CanaryTarget target = s.target();
                    s.router().setWeight(target, s.spec.traffic().fullWeightOnPromotion() ? 100 : 0);
                    s.router().remove(target);
                    s.workloads.deleteCanary(target);
                    RolloutRecord done = s.transition(
                            Phase.PROMOTED,
                            100,
                            r.deployment() + " runs " + DeployOperation.describe(r.canaryImages()));
                    return Status.of(s, done);
                }));
    }

    private RolloutStatus finish(RolloutStatus status, Throwable error) {
        return RollbackOperation.end(s, status, error, started, lease, "promotion failed");
    }
}
