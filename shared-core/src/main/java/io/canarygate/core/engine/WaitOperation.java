package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.analysis.AnalysisOutcome;
import io.canarygate.core.analysis.AnalysisRun;
import io.canarygate.core.analysis.AnalysisRunner;
import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.BreachAction;
import io.canarygate.core.analysis.Evaluation;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.kube.Workloads.Readiness;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.StepSpec;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.LeaseHandle;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.traffic.CanaryTarget;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * {@code waitForSlo}: judge the objectives at the current weight for a window. The window lives in the record under a
 * key, so a re-run after a crash continues it (same deadline, same counters) and a re-run after it ended returns its
 * verdict again. On FAIL the decision matrix applies: rollback, gradual rollback or pause. While it judges, the canary
 * keeps its share of the stable Deployment's size ({@link #followStableScale}).
 */
final class WaitOperation {
    private final Session s;
    private final WaitOptions options;
    private LeaseHandle lease;
    private String key;
    private int weight;
    private List<Objective> objectives;
    private volatile AnalysisRun run;
    private CanaryTarget target;
    private volatile boolean cancelled;

    private WaitOperation(Session s, WaitOptions options) {
        this.s = s;
        this.options = options;
    }

    /**
     * Starts the wait. Cancelling the returned future stops judging (a face's stop, or a person answering an approval
     * gate): no rollback follows, the lease is released, and the window stays open in the record, so a re-run with the
     * same key resumes it.
     */
    static CompletableFuture<WaitResult> run(Session s, WaitOptions options) {
        WaitOperation op = new WaitOperation(s, options);
        CompletableFuture<WaitResult> result = new CompletableFuture<>();
        Async.call(s.ctx.scheduler(), op::prepare)
                .thenCompose(op::analyse)
                .handle((done, error) -> {
                    if (op.lease != null) {
                        op.lease.release();
                    }
                    if (error != null) {
                        throw Errors.rethrow(error);
                    }
                    return done;
                })
                .whenComplete((done, error) -> {
                    if (error != null) {
                        result.completeExceptionally(Async.unwrap(error));
                    } else {
                        result.complete(done);
                    }
                });
        result.whenComplete((done, error) -> {
            if (result.isCancelled()) {
                op.cancel();
            }
        });
        return result;
    }

    private void cancel() {
        cancelled = true;
        AnalysisRun current = run;
        if (current != null) {
            current.cancel();
        }
    }

    /** Returns the finished window when this key was already judged, else empty after recording the window. */
    private Start prepare() {
        RolloutRecord r = s.requireRecord("wait for");
        Optional<AnalysisRecord> rolledBackBy = failedWindowThatRolledBack(r);
        if (rolledBackBy.isPresent()) {
            // A re-run after this wait failed and rolled back (e.g. a face resumed after a restart): same answer.
            AnalysisRecord a = rolledBackBy.get();
            weight = a.weight();
            objectives = effectiveObjectives(weight);
            key = a.key();
            s.note("window " + key + " was judged FAIL at " + a.ended() + " and the rollout rolled back; returning"
                    + " that verdict");
            return new Start(a, null, r);
        }
        if (!Records.inPhase(r, Phase.RUNNING, Phase.PAUSED)) {
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "rollout " + s.rollout + " is " + r.phase() + ", so there is nothing to judge"
                            + (r.phase() == Phase.DEPLOYING ? "; re-run deploy to finish it" : ""));
        }
        weight = r.weight();
        objectives = effectiveObjectives(weight);
        Optional<StepSpec.Analysis> planned = s.spec.stepForWeight(weight).flatMap(StepSpec.Weight::analysis);
        Duration duration = options.duration()
                .or(() -> planned.map(StepSpec.Analysis::duration))
                .orElseThrow(() -> missing("duration", "30m"));
        Duration interval = options.interval()
                .or(() -> planned.map(StepSpec.Analysis::interval))
                .orElseThrow(() -> missing("interval", "30s"));
        checkWindow(duration, interval);
        key = options.key().orElse("w" + weight);

        Optional<AnalysisRecord> existing = r.analysis(key).filter(a -> a.weight() == weight);
        if (existing.isPresent() && existing.get().isOver()) {
            s.note("window " + key + " was already judged " + existing.get().verdict() + " at "
                    + existing.get().ended() + "; returning that verdict");
            return new Start(existing.get(), null, r);
        }
        lease = Leases.acquire(s);
        if (r.phase() == Phase.PAUSED) {
            s.transition(Phase.RUNNING, weight, "analysis " + key + " resumed");
        }
        AnalysisState state;
        if (existing.isPresent()) {
            state = existing.get().state();
            s.note("resuming window " + key + " at evaluation " + state.evaluations() + ", ends " + state.deadline());
        } else {
            state = AnalysisState.start(s.now(), duration, interval, objectives);
            AnalysisRecord fresh = new AnalysisRecord(
                    key, weight, queries(), thresholds(), state, List.of(), null, null, null, s.ctx.trigger());
            s.records.update(s.namespace, s.rollout, rec -> Records.putAnalysis(rec, fresh, s.now()));
            s.note("judging " + objectives.size() + " objective(s) at " + weight + "% for "
                    + io.canarygate.core.Durations.format(duration) + ", every "
                    + io.canarygate.core.Durations.format(interval) + " (window " + key + ")");
        }
        return new Start(null, state, r);
    }

    private CompletableFuture<WaitResult> analyse(Start start) {
        if (start.finished != null) {
            AnalysisOutcome outcome = outcomeOf(start.finished);
            boolean rolledBack = start.record.phase() == Phase.ROLLED_BACK;
            return CompletableFuture.completedFuture(new WaitResult(outcome, Status.of(s, start.record), rolledBack));
        }
        if (cancelled) {
            return CompletableFuture.failedFuture(
                    new CancellationException("wait for " + s.rollout + " was cancelled"));
        }
        var source = s.ctx.metrics().create(s.spec.metrics().orElseThrow(), s.ctx.secrets());
        run = AnalysisRunner.start(objectives, start.state, source, s.ctx.scheduler(), this::onEvaluation);
        if (cancelled) {
            run.cancel();
        }
        return run.result()
                .handle((outcome, error) -> {
                    if (error != null && cancelled) {
                        // Stopped by the caller: no verdict, so nothing to roll back; the window stays open.
                        return CompletableFuture.<WaitResult>failedFuture(Async.unwrap(error));
                    }
                    if (error != null) {
                        return measurementFailed(Async.unwrap(error));
                    }
                    return decide(outcome);
                })
                .thenCompose(f -> f);
    }

    /** Persists the counters (the resume point), prints the line, and stops if someone else ended the rollout. */
    private void onEvaluation(Evaluation e) {
        s.ctx.listener().on(new RolloutEvent.Evaluated(s.now(), s.rollout, weight, objectives, e, key));
        RolloutRecord after = s.records.update(s.namespace, s.rollout, rec -> {
            Optional<AnalysisRecord> current = rec.analysis(key).filter(a -> !a.isOver() && a.weight() == weight);
            if (current.isEmpty() || !Records.inPhase(rec, Phase.RUNNING)) {
                return rec;
            }
            return Records.putAnalysis(rec, Records.progress(current.get(), e.state(), e.measurements()), s.now());
        });
        if (!Records.inPhase(after, Phase.RUNNING) || after.weight() != weight) {
            AnalysisRun current = run;
            if (current != null) {
                current.cancel();
            }
            throw new CanaryGateException(
                    Kind.CONFLICT,
                    "rollout " + s.rollout + " became " + after.phase() + " at " + after.weight() + "% while window "
                            + key + " was judging it ("
                            + after.lastTransition()
                                    .map(t -> t.reason() + ", by " + t.trigger().describe())
                                    .orElse("no reason recorded")
                            + "); stopped judging");
        }
        followStableScale();
    }

    /**
     * Keeps the canary at its share of the stable Deployment while the window runs. When the stable one is scaled (by
     * a HorizontalPodAutoscaler under load, or by hand), the canary follows at the next evaluation, so a canary pod
     * carries what a stable pod carries instead of its share of a larger load (and with the replicas router the
     * canary's share of the pods stays the weight). Nothing to do for routers that run no canary pods (a feature
     * flag, an Argo Rollout). A failure to scale is reported and tried again at the next evaluation: the judging goes
     * on.
     */
    private void followStableScale() {
        if (ArgoRolloutFlow.drives(s)) {
            return;
        }
        try {
            if (target == null) {
                target = s.target();
            }
            int stable = s.workloads
                    .readiness(s.namespace, target.stableDeployment())
                    .desired();
            int wanted = s.router().canaryReplicas(stable, weight);
            Readiness canary = s.workloads.readiness(s.namespace, target.canaryDeployment());
            if (wanted == 0 || canary.desired() == 0 || canary.desired() == wanted) {
                return;
            }
            s.workloads.scaleCanary(target, wanted);
            s.note(target.stableDeployment() + " now runs " + stable + " replica(s); " + target.canaryDeployment()
                    + " follows at " + weight + "%: " + canary.desired() + " -> " + wanted + " replica(s)");
        } catch (CanaryGateException e) {
            s.note("could not scale the canary to follow " + s.spec.target().deployment() + ": " + e.getMessage()
                    + "; trying again at the next evaluation");
        }
    }

    private CompletableFuture<WaitResult> decide(AnalysisOutcome outcome) {
        Verdict verdict = outcome.verdict();
        return Async.call(s.ctx.scheduler(), () -> {
                    RolloutRecord r = finishWindow(outcome);
                    if (verdict instanceof Verdict.Pass p) {
                        s.recordEvent("AnalysisPassed", key + ": " + p.reason(), false);
                        s.notify(NotifyEvent.ANALYSIS_PASSED, r, verdict.id(), p.reason());
                    } else if (verdict instanceof Verdict.Fail f) {
                        s.recordEvent("AnalysisFailed", key + ": " + f.reason(), true);
                        s.notify(NotifyEvent.ANALYSIS_FAILED, r, verdict.id(), f.reason());
                    } else {
                        s.recordEvent("AnalysisInconclusive", key + ": " + verdict.reason(), true);
                        s.notify(NotifyEvent.ANALYSIS_INCONCLUSIVE, r, verdict.id(), verdict.reason());
                    }
                    return r;
                })
                .thenCompose(r -> {
                    if (verdict instanceof Verdict.Pass) {
                        return CompletableFuture.completedFuture(new WaitResult(outcome, Status.of(s, r), false));
                    }
                    if (verdict instanceof Verdict.Fail f) {
                        return onFailure(outcome, f);
                    }
                    return pause(outcome, verdict.reason());
                });
    }

    private CompletableFuture<WaitResult> onFailure(AnalysisOutcome outcome, Verdict.Fail f) {
        boolean rollback = options.rollbackOnFailure().orElse(s.spec.rollback().automatic());
        if (!rollback) {
            return pause(outcome, f.reason() + " (automatic rollback is off)");
        }
        if (f.action() == BreachAction.PAUSE) {
            return pause(outcome, f.reason());
        }
        RollbackMode mode = f.action() == BreachAction.GRADUAL_ROLLBACK ? RollbackMode.GRADUAL : RollbackMode.IMMEDIATE;
        if (lease != null) {
            // The rollback takes the lease itself; same holder, so this only hands it over.
            lease.release();
            lease = null;
        }
        return RollbackOperation.run(s, f.reason(), mode).thenApply(status -> new WaitResult(outcome, status, true));
    }

    private CompletableFuture<WaitResult> pause(AnalysisOutcome outcome, String reason) {
        return Async.call(s.ctx.scheduler(), () -> {
            RolloutRecord r = s.transition(Phase.PAUSED, weight, reason);
            return new WaitResult(outcome, Status.of(s, r), false);
        });
    }

    /** The source failed or a query is unusable: no verdict is possible, so traffic goes back to stable. */
    private CompletableFuture<WaitResult> measurementFailed(Throwable cause) {
        if (cause instanceof CanaryGateException c && c.kind() == Kind.CONFLICT) {
            return CompletableFuture.failedFuture(cause);
        }
        String reason = "analysis " + key + " could not measure: " + cause.getMessage();
        return Async.call(s.ctx.scheduler(), () -> {
            RolloutRecord current = s.requireRecord("wait for");
            current.analysis(key)
                    .filter(a -> !a.isOver())
                    .ifPresent(a -> s.records.update(
                            s.namespace,
                            s.rollout,
                            rec -> Records.putAnalysis(
                                    rec, Records.finish(a, a.state(), "ERROR", reason, s.now()), s.now())));
            RollbackOperation.immediate(s, reason);
            throw cause instanceof RuntimeException re
                    ? re
                    : new CanaryGateException(Kind.INFRASTRUCTURE, reason, cause);
        });
    }

    private RolloutRecord finishWindow(AnalysisOutcome outcome) {
        return s.records.update(s.namespace, s.rollout, rec -> rec.analysis(key)
                .filter(a -> !a.isOver())
                .map(a -> Records.putAnalysis(
                        rec,
                        Records.finish(
                                a,
                                outcome.state(),
                                outcome.verdict().id(),
                                outcome.verdict().reason(),
                                s.now()),
                        s.now()))
                .orElse(rec));
    }

    /** The verdict of a window judged earlier, rebuilt from the record. */
    private AnalysisOutcome outcomeOf(AnalysisRecord a) {
        Verdict verdict =
                switch (a.verdict()) {
                    case "PASS" -> new Verdict.Pass(a.reason());
                    case "FAIL" -> {
                        List<String> failed = a.state().objectives().stream()
                                .filter(o -> o.last() != null && o.last().outcome() == Measurement.Outcome.BREACH)
                                .map(o -> o.objective())
                                .toList();
                        BreachAction action = objectives.stream()
                                .filter(o -> failed.contains(o.name()))
                                .map(Objective::onBreach)
                                .reduce(BreachAction.PAUSE, BreachAction::mostSevere);
                        yield new Verdict.Fail(failed, a.reason(), action, a.measurements());
                    }
                    default -> new Verdict.Inconclusive(List.of(), a.reason());
                };
        return new AnalysisOutcome(verdict, a.state(), a.measurements());
    }

    /**
     * When the rollout is ROLLED_BACK and its latest window (or the one named by the key) failed, that window: the
     * rollback was this wait's decision.
     */
    private Optional<AnalysisRecord> failedWindowThatRolledBack(RolloutRecord r) {
        if (r.phase() != Phase.ROLLED_BACK || r.analyses().isEmpty()) {
            return Optional.empty();
        }
        Optional<AnalysisRecord> window = options.key().isPresent()
                ? r.analysis(options.key().get())
                : Optional.of(r.analyses().get(r.analyses().size() - 1));
        return window.filter(a -> "FAIL".equals(a.verdict()));
    }

    private List<Objective> effectiveObjectives(int weight) {
        if (s.spec.objectives().isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "objectives: none declared, so there is nothing to judge; add objectives to canary.yaml");
        }
        if (s.spec.metrics().isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "metrics: missing; add metrics.prometheus.url so the objectives can be measured");
        }
        Map<String, Double> overrides =
                s.spec.stepForWeight(weight).map(StepSpec.Weight::thresholds).orElse(Map.of());
        return s.spec.objectives().stream()
                .map(o -> overrides.containsKey(o.name()) ? o.withThreshold(overrides.get(o.name())) : o)
                .toList();
    }

    private Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        objectives.forEach(o -> q.put(o.name(), o.query()));
        return q;
    }

    private Map<String, String> thresholds() {
        Map<String, String> t = new LinkedHashMap<>();
        // "<= 0.5", or "<= baseline +10%" for an objective compared with a baseline
        objectives.forEach(o -> t.put(o.name(), o.describe().substring(o.name().length() + 1)));
        return t;
    }

    private CanaryGateException missing(String field, String example) {
        return new CanaryGateException(
                Kind.INVALID_INPUT,
                field + ": missing; pass a " + field + " (e.g. " + example + ") or add analysis: {duration, interval}"
                        + " to the step with weight " + weight + " in canary.yaml");
    }

    private static void checkWindow(Duration duration, Duration interval) {
        if (interval.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "interval: \"" + io.canarygate.core.Durations.format(interval)
                            + "\" is too short; write at least 1s");
        }
        if (duration.compareTo(interval) < 0) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    "duration: \"" + io.canarygate.core.Durations.format(duration) + "\" is shorter than the interval "
                            + io.canarygate.core.Durations.format(interval)
                            + "; make the duration at least one interval long");
        }
    }

    private record Start(AnalysisRecord finished, AnalysisState state, RolloutRecord record) {}
}
