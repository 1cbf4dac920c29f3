package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.state.LeaseHandle;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.traffic.CanaryTarget;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * {@code deploy(weight)}: create or update the canary and send it {@code weight}% of traffic. Everything that can be
 * checked is checked before the first change; a failure after a change rolls back (traffic fully on stable).
 */
final class DeployOperation {
    private final Session s;
    private final int weight;
    private LeaseHandle lease;
    private CanaryTarget target;
    private boolean changed;

    private DeployOperation(Session s, int weight) {
        this.s = s;
        this.weight = weight;
    }

    static CompletableFuture<RolloutStatus> run(Session s, int weight) {
        if (ArgoRolloutFlow.drives(s)) {
            return ArgoRolloutFlow.deploy(s, weight);
        }
        checkWeight(s, weight);
        DeployOperation op = new DeployOperation(s, weight);
        return Async.call(s.ctx.scheduler(), op::prepare)
                .thenCompose(op::apply)
                .handle((status, error) -> op.finish(status, error));
    }

    /** Input checks that need no request at all. */
    private static void checkWeight(Session s, int weight) {
        if (weight < 0 || weight > 100) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "weight: \"" + weight + "\" is out of range; write a whole number from 0 to 100");
        }
        if (weight == 100 && !s.spec.traffic().supportsFullWeight()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "weight: \"100\" cannot be reached with traffic.router "
                            + s.spec.traffic().kind()
                            + " without changing the stable Deployment; promote instead, or use a traffic router"
                            + " such as nginx");
        }
    }

    /** Checks, then the first changes; returns null when the rollout already stands at the weight. */
    private Plan prepare() {
        Preflight.checkQueries(s);
        lease = Leases.acquire(s);
        Deployment stable = s.workloads.stable(s.namespace, s.spec.target().deployment());
        Workloads.checkCanaryLabels(stable, s.spec.target().canaryLabels());
        target = s.workloads.target(s.rollout, stable, s.spec.target().canaryLabels());
        s.router().check(target);
        Map<String, String> images =
                s.workloads.resolveImages(stable, s.spec.target().images());
        Optional<RolloutRecord> existing = s.record();
        existing.ifPresent(r -> checkCompatible(s, r, images));
        int stableReplicas = replicas(stable);
        int canaryReplicas = s.router().canaryReplicas(stableReplicas, weight);

        if (existing.isPresent() && isAlreadyThere(existing.get(), canaryReplicas)) {
            s.note("already at " + weight + "% with the canary ready; nothing to do");
            return null;
        }
        if (weight > 0 && weight < 100 && canaryReplicas > 0) {
            s.router().notes(target, weight, stableReplicas, canaryReplicas).forEach(s::note);
        }
        int previousWeight =
                existing.filter(Records::isActive).map(RolloutRecord::weight).orElse(0);
        String reason = "deploy " + weight + "% (canary " + describe(images) + ")";
        changed = true;
        if (existing.isEmpty() || existing.get().phase().isTerminal()) {
            String revision = Optional.ofNullable(stable.getMetadata().getAnnotations())
                    .map(a -> a.get("deployment.kubernetes.io/revision"))
                    .orElse(String.valueOf(stable.getMetadata().getGeneration()));
            startRecord(s, target, s.workloads.images(stable), images, revision, existing.isPresent(), reason);
        } else {
            s.transition(Phase.DEPLOYING, previousWeight, reason);
        }
        return new Plan(stable, images, canaryReplicas, previousWeight);
    }

    private CompletableFuture<RolloutStatus> apply(Plan plan) {
        if (plan == null) {
            return CompletableFuture.completedFuture(Status.of(s, s.requireRecord("deploy")));
        }
        if (weight < plan.previousWeight) {
            // Going down: traffic first, then pods, so the canary never carries more than its share.
            return Async.call(s.ctx.scheduler(), () -> {
                s.router().setWeight(target, weight);
                s.workloads.scaleCanary(target, plan.canaryReplicas);
                return running();
            });
        }
        return Async.call(s.ctx.scheduler(), () -> {
                    s.workloads.ensureCanary(target, plan.stable, plan.images, plan.canaryReplicas);
                    s.router().prepare(target);
                    return null;
                })
                .thenCompose(ignored -> s.workloads.awaitReady(
                        s.namespace,
                        target.canaryDeployment(),
                        plan.canaryReplicas,
                        s.spec.readyTimeout(),
                        s.ctx.scheduler(),
                        s::note))
                .thenCompose(ready -> Async.call(s.ctx.scheduler(), () -> {
                    s.router().setWeight(target, weight);
                    return running();
                }));
    }

    private RolloutStatus running() {
        RolloutRecord after = s.transition(Phase.RUNNING, weight, "canary takes " + weight + "% of traffic");
        return Status.of(s, after);
    }

    private RolloutStatus finish(RolloutStatus status, Throwable error) {
        return RollbackOperation.end(s, status, error, changed, lease, "deploy " + weight + "% failed");
    }

    /** A rollout in progress may only be continued by the run that started it, with the same images. */
    static void checkCompatible(Session s, RolloutRecord r, Map<String, String> images) {
        if (r.phase().isTerminal()) {
            return;
        }
        if (!r.owner().holder().equals(s.ctx.trigger().holder())) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "rollout " + s.rollout + " is in progress (" + r.phase() + " at " + r.weight() + "%, canary "
                            + describe(r.canaryImages()) + "), started by "
                            + r.owner().describe()
                            + "; promote or roll it back before starting another");
        }
        switch (r.phase()) {
            case PROMOTING ->
                throw new CanaryGateException(
                        Kind.CONFLICT, "rollout " + s.rollout + " is being promoted; re-run promote to finish it");
            case ROLLING_BACK ->
                throw new CanaryGateException(
                        Kind.CONFLICT, "rollout " + s.rollout + " is rolling back; re-run rollback to finish it");
            default -> {}
        }
        if (!r.canaryImages().equals(images)) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "rollout " + s.rollout + " runs canary " + describe(r.canaryImages()) + ", not " + describe(images)
                            + "; roll it back before deploying another version");
        }
    }

    private boolean isAlreadyThere(RolloutRecord r, int canaryReplicas) {
        if (r.phase() != Phase.RUNNING || r.weight() != weight) {
            return false;
        }
        var canary = s.workloads.readiness(s.namespace, target.canaryDeployment());
        return canary.desired() == canaryReplicas
                && canary.ready() == canaryReplicas
                && s.router().weight(target) == weight;
    }

    /** Writes a new record (DEPLOYING at 0%), replacing a finished one when {@code replace}. */
    static void startRecord(
            Session s,
            CanaryTarget target,
            Map<String, String> stableImages,
            Map<String, String> images,
            String revision,
            boolean replace,
            String reason) {
        var now = s.now();
        Transition first = new Transition(now, null, Phase.DEPLOYING, 0, s.ctx.trigger(), reason);
        RolloutRecord fresh = new RolloutRecord(
                RolloutRecord.SCHEMA,
                s.rollout,
                s.namespace,
                target.stableDeployment(),
                target.canaryDeployment(),
                s.spec.traffic().kind(),
                Phase.DEPLOYING,
                0,
                stableImages,
                images,
                revision,
                s.ctx.trigger(),
                List.of(first),
                List.of(),
                now,
                now);
        RolloutRecord before = null;
        if (replace) {
            before = s.record().orElse(null);
            s.records.update(s.namespace, s.rollout, old -> fresh);
        } else {
            s.records.create(fresh);
        }
        s.announce(before, fresh, reason);
    }

    static int replicas(Deployment d) {
        Integer r = d.getSpec().getReplicas();
        return r == null ? 1 : r;
    }

    static String describe(Map<String, String> images) {
        if (images.size() == 1) {
            return images.values().iterator().next();
        }
        return images.toString();
    }

    private record Plan(Deployment stable, Map<String, String> images, int canaryReplicas, int previousWeight) {}
}
