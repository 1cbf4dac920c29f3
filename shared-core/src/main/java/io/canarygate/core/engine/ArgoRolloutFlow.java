package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Durations;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.kube.Workloads.Readiness;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.core.state.LeaseHandle;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.traffic.ArgoRolloutRouter;
import io.canarygate.core.traffic.ArgoRolloutRouter.RolloutState;
import io.canarygate.core.traffic.CanaryTarget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * Deploy, promote and roll back when an Argo Rollout runs the pods ({@code traffic.router: argo-rollout}): Canary Gate
 * judges, Argo executes. There is no canary Deployment; the Rollout is both sides.
 *
 * <ul>
 *   <li>deploy w%: the Rollout's pod template gets the new images ({@code kubectl argo rollouts set image}); once Argo
 *       holds at its first pause, the Rollout moves to its {@code setWeight: w} step (as {@code promote} does step by
 *       step) and the deploy completes when Argo holds at the pause after it.
 *   <li>promote: {@code promoteFull}, then wait until Argo has made the new ReplicaSet stable.
 *   <li>rollback: {@code abort} (Argo sends every request to stable at once), then the template gets the stable images
 *       back, so Argo returns to the stable ReplicaSet and reports Healthy rather than Degraded.
 * </ul>
 *
 * Waits poll the Rollout (100 ms, backing off to 2 s) until {@code readyTimeout}; a Rollout Argo reports Degraded
 * fails the wait at once with Argo's message. A failed deploy or promotion rolls back (invariant 2).
 */
final class ArgoRolloutFlow {
    private static final Duration FIRST_POLL = Duration.ofMillis(100);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);

    private ArgoRolloutFlow() {}

    static boolean drives(Session s) {
        return s.spec.traffic() instanceof RouterSpec.ArgoRollout;
    }

    /** The Rollout stands for both sides: it is the stable workload and runs the canary ReplicaSet. */
    static CanaryTarget target(Session s) {
        String name = ((RouterSpec.ArgoRollout) s.spec.traffic()).rollout();
        return new CanaryTarget(s.namespace, s.rollout, name, name, Map.of());
    }

    private static ArgoRolloutRouter router(Session s) {
        return (ArgoRolloutRouter) s.router();
    }

    private static String name(CanaryTarget t) {
        return "rollout " + t.namespace() + "/" + t.stableDeployment();
    }

    // ---------------------------------------------------------------- deploy

    static CompletableFuture<RolloutStatus> deploy(Session s, int weight) {
        if (weight <= 0 || weight >= 100) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "weight: \"" + weight + "\" is not a step of an Argo Rollout; with traffic.router argo-rollout,"
                            + " deploy moves the Rollout to one of its setWeight steps (1 to 99): promote to reach"
                            + " 100%, roll back for 0%");
        }
        Deploy op = new Deploy(s, weight);
        return Async.call(s.ctx.scheduler(), op::prepare).thenCompose(op::apply).handle(op::finish);
    }

    private static final class Deploy {
        private final Session s;
        private final int weight;
        private LeaseHandle lease;
        private CanaryTarget target;
        private boolean changed;

        Deploy(Session s, int weight) {
            this.s = s;
            this.weight = weight;
        }

        /** Checks, then the record; returns the step to hold at, or null when the Rollout already holds there. */
        Integer prepare() {
            Preflight.checkQueries(s);
            lease = Leases.acquire(s);
            target = target(s);
            ArgoRolloutRouter router = router(s);
            router.check(target);
            int index = router.holdingStep(target, weight);
            RolloutState state = router.state(target);
            if (state.currentPodHash().isEmpty()) {
                throw new CanaryGateException(
                        Kind.INFRASTRUCTURE,
                        name(target) + " has no status from Argo yet (no status.currentPodHash), so nothing would"
                                + " run the canary; check that the Argo Rollouts controller is running and watches"
                                + " namespace " + target.namespace());
            }
            Map<String, String> images = Workloads.resolveImages(
                    name(target),
                    new ArrayList<>(state.images().keySet()),
                    s.spec.target().images());
            Optional<RolloutRecord> existing = s.record();
            existing.ifPresent(r -> DeployOperation.checkCompatible(s, r, images));
            Optional<RolloutRecord> active = existing.filter(Records::isActive);
            if (active.isPresent()
                    && active.get().phase() == Phase.RUNNING
                    && active.get().weight() == weight
                    && holdsAt(state, index)) {
                s.note("already at " + weight + "% with Argo holding at the step's pause; nothing to do");
                return null;
            }
            if (active.isEmpty()) {
                // An aborted update is over (Argo sends no traffic to it): a new image starts a new one, as after
                // kubectl argo rollouts abort; one still running is someone else's.
                if (state.inFlight() && !state.aborted() && !has(state, images)) {
                    throw new CanaryGateException(
                            Kind.CONFLICT,
                            name(target) + " is in the middle of another update (Argo: " + state.describe()
                                    + "); let it finish, or abort it (kubectl argo rollouts abort "
                                    + target.stableDeployment() + ") before deploying");
                }
                if (!state.inFlight() && has(state, images)) {
                    throw new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "target.image: " + name(target) + " already runs " + DeployOperation.describe(images)
                                    + "; there is nothing to deploy (name the new image)");
                }
            }
            int previous = active.map(RolloutRecord::weight).orElse(0);
            if (weight < previous) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "weight: \"" + weight + "\" is below the step " + name(target) + " stands at (" + previous
                                + "%); Argo moves a Rollout forward only, so promote it or roll it back");
            }
            String reason = "deploy " + weight + "% (canary " + DeployOperation.describe(images) + ")";
            changed = true;
            if (active.isEmpty()) {
                DeployOperation.startRecord(
                        s, target, state.images(), images, state.revision(), existing.isPresent(), reason);
            } else {
                s.transition(Phase.DEPLOYING, previous, reason);
            }
            return index;
        }

        CompletableFuture<RolloutStatus> apply(Integer index) {
            if (index == null) {
                return CompletableFuture.completedFuture(Status.of(s, s.requireRecord("deploy")));
            }
            RolloutRecord r = s.requireRecord("deploy");
            return Async.call(s.ctx.scheduler(), () -> {
                        RolloutState before = router(s).state(target);
                        boolean wrote = false;
                        if (!has(before, r.canaryImages())) {
                            router(s).setImages(target, r.canaryImages());
                            wrote = true;
                        }
                        if (before.aborted()) {
                            // An aborted update of the same template stays aborted until it is retried, e.g. this
                            // image again right after a rollback whose template change Argo has not seen yet.
                            router(s).retry(target);
                            wrote = true;
                        }
                        // Until Argo's report changes, it is about the Rollout before these writes.
                        return wrote ? before : null;
                    })
                    .thenCompose(stale -> await(
                            s,
                            target,
                            stale,
                            st -> st.inFlight() && has(st, r.canaryImages()) && st.paused() && !st.aborted(),
                            "to start the update and hold at its first pause"))
                    .thenCompose(ignored -> Async.call(s.ctx.scheduler(), () -> {
                        router(s).setWeight(target, weight);
                        return null;
                    }))
                    .thenCompose(ignored -> await(
                            s,
                            target,
                            null,
                            st -> holdsAt(st, index),
                            "to hold at the pause after setWeight " + weight))
                    .thenApply(ignored -> {
                        RolloutRecord after =
                                s.transition(Phase.RUNNING, weight, "canary takes " + weight + "% of traffic");
                        return Status.of(s, after);
                    });
        }

        RolloutStatus finish(RolloutStatus status, Throwable error) {
            return RollbackOperation.end(s, status, error, changed, lease, "deploy " + weight + "% failed");
        }
    }

    /** Argo holds at the pause right after the {@code setWeight} step {@code index}. */
    private static boolean holdsAt(RolloutState st, int index) {
        return st.inFlight() && !st.aborted() && st.paused() && Objects.equals(st.currentStepIndex(), index + 1);
    }

    private static boolean has(RolloutState st, Map<String, String> images) {
        return images.entrySet().stream()
                .allMatch(e -> e.getValue().equals(st.images().get(e.getKey())));
    }

    // ---------------------------------------------------------------- promote

    /** Starts the promotion: Argo skips the remaining steps ({@code promoteFull}). */
    static void startPromotion(Session s) {
        router(s).promote(target(s));
    }

    /** Completes when Argo has made the canary's ReplicaSet the stable one. */
    static CompletableFuture<RolloutState> awaitPromoted(Session s, RolloutRecord r) {
        return await(
                s,
                target(s),
                null,
                st -> !st.inFlight() && !st.aborted() && has(st, r.canaryImages()),
                "to make " + DeployOperation.describe(r.canaryImages()) + " stable");
    }

    // ---------------------------------------------------------------- rollback

    /**
     * Abort (all traffic on stable at once), then the stable images back in the template, record ROLLED_BACK.
     * Blocking; the caller holds the lease. Safe to repeat. When Argo had already finished a promotion the record
     * still calls PROMOTING, the stable images are a new update for Argo, so it is promoted at once as well.
     */
    static RolloutRecord rollback(Session s, String reason) {
        Optional<RolloutRecord> before = s.record();
        CanaryTarget target = target(s);
        ArgoRolloutRouter router = router(s);
        RolloutState state = router.state(target);
        router.abort(target);
        if (before.isPresent() && before.get().phase() != Phase.ROLLING_BACK) {
            s.transition(Phase.ROLLING_BACK, 0, reason);
        }
        if (before.isEmpty()) {
            return null;
        }
        boolean promotedByArgo = before.get().phase() == Phase.PROMOTING
                && !state.inFlight()
                && has(state, before.get().canaryImages());
        router.setImages(target, before.get().stableImages());
        if (promotedByArgo) {
            router.promote(target);
        }
        return s.transition(Phase.ROLLED_BACK, 0, reason);
    }

    // ---------------------------------------------------------------- status

    /** Stable and canary pods as Argo counts them: the canary's are the updated ones while an update is in flight. */
    static Status.Pods pods(Session s) {
        try {
            RolloutState st = router(s).state(target(s));
            int canary = st.inFlight() ? st.updated() : 0;
            return new Status.Pods(
                    new Readiness(Math.max(0, st.desired() - canary), Math.max(0, st.ready() - canary)),
                    new Readiness(canary, canary));
        } catch (CanaryGateException e) {
            return new Status.Pods(new Readiness(0, 0), new Readiness(0, 0));
        }
    }

    // ---------------------------------------------------------------- waiting

    /**
     * Polls the Rollout until {@code done}. A Degraded report fails the wait at once, unless Argo still reports what it
     * reported in {@code stale} (may be null: pod hash, step and phase): then it has not reacted to the writes made
     * since (an abort being retried) and the report is about the Rollout before them.
     */
    private static CompletableFuture<RolloutState> await(
            Session s, CanaryTarget target, RolloutState stale, Predicate<RolloutState> done, String what) {
        Duration timeout = s.spec.readyTimeout();
        Wait wait = new Wait(s, target, stale, done, what, s.now().plus(timeout), timeout);
        s.ctx.scheduler().schedule(Duration.ZERO, wait::check);
        return wait.result;
    }

    /** One wait on the Rollout: a chain of scheduled checks, a progress line whenever Argo's report changes. */
    private static final class Wait {
        final CompletableFuture<RolloutState> result = new CompletableFuture<>();
        private final Session s;
        private final CanaryTarget target;
        private final RolloutState stale;
        private final Predicate<RolloutState> done;
        private final String what;
        private final Instant deadline;
        private final Duration timeout;
        private Duration delay = FIRST_POLL;
        private String lastLine;

        Wait(
                Session s,
                CanaryTarget target,
                RolloutState stale,
                Predicate<RolloutState> done,
                String what,
                Instant deadline,
                Duration timeout) {
            this.s = s;
            this.target = target;
            this.stale = stale;
            this.done = done;
            this.what = what;
            this.deadline = deadline;
            this.timeout = timeout;
        }

        void check() {
            if (result.isDone()) {
                return;
            }
            try {
                RolloutState st = router(s).state(target);
                String line = target.stableDeployment() + ": Argo reports " + st.describe();
                if (!line.equals(lastLine)) {
                    lastLine = line;
                    s.note(line);
                }
                if (done.test(st)) {
                    result.complete(st);
                    return;
                }
                boolean current = stale == null || !st.sameReportAs(stale);
                if (current && st.degraded() && st.inFlight()) {
                    result.completeExceptionally(new CanaryGateException(
                            Kind.NOT_READY,
                            name(target) + ": Argo reports it Degraded while waiting for it " + what + " ("
                                    + st.describe() + "); see kubectl argo rollouts get rollout "
                                    + target.stableDeployment() + " -n " + target.namespace()));
                    return;
                }
                if (!s.now().isBefore(deadline)) {
                    result.completeExceptionally(new CanaryGateException(
                            Kind.NOT_READY,
                            name(target) + ": Argo did not get " + what + " within " + Durations.format(timeout)
                                    + " (it reports " + st.describe() + "); check the Argo Rollouts controller and"
                                    + " the canary pods, or raise readyTimeout"));
                    return;
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            Duration left = Duration.between(s.now(), deadline);
            Duration next = delay.compareTo(left) < 0 ? delay : left;
            Duration doubled = delay.multipliedBy(2);
            delay = doubled.compareTo(MAX_POLL) < 0 ? doubled : MAX_POLL;
            s.ctx.scheduler().schedule(next, this::check);
        }
    }
}
