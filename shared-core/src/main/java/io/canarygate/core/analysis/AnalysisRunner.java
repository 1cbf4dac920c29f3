package io.canarygate.core.analysis;

import io.canarygate.core.Durations;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.time.Scheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Judges objectives over a window on a {@link Scheduler}: one evaluation per interval, no thread held between them.
 * Each evaluation measures every objective, updates the counters and reports an {@link Evaluation} to
 * {@code onEvaluation}; if that callback throws, the run fails with that exception. The run ends early on FAIL.
 *
 * <p>The rules, in one place (docs/canary-yaml.md, section Analysis, describes them for users):
 *
 * <ul>
 *   <li>Evaluation {@code n} (1-based) is due at {@code started + n * interval} and queries at that time. Slots missed
 *       while nothing ran (a resumed window after a restart) are skipped, not replayed: the next evaluation is the next
 *       slot at or after now. The window ends at {@code deadline}; no evaluation is due after it.
 *   <li>A pass resets the consecutive-breach counter. An inconclusive measurement neither resets it nor counts as a
 *       breach: missing data between two breaches does not hide a breach streak, and does not make one either.
 *   <li>FAIL as soon as an objective has {@code consecutiveLimit} breaches in a row or {@code totalLimit} breaches in
 *       all; the action is the most severe {@code onBreach} among the failed objectives.
 *   <li>INCONCLUSIVE as soon as an objective has more than {@code inconclusiveLimit} inconclusive measurements, or at
 *       the deadline when an objective has no passing measurement (invariant 4: no verdict without evidence).
 *   <li>PASS at the deadline otherwise.
 *   <li>A query the source rejects ({@code BadQueryException}) or a source that stays unavailable
 *       ({@code MetricSourceUnavailableException}) fails the run: no verdict is possible.
 * </ul>
 */
public final class AnalysisRunner {
    private AnalysisRunner() {}

    /**
     * Starts (or resumes, from {@code state}) a window. The next evaluation is due at {@code state.started() + (n+1) *
     * interval}, so a resumed window keeps the original cadence and deadline.
     */
    public static AnalysisRun start(
            List<Objective> objectives,
            AnalysisState state,
            MetricSource source,
            Scheduler scheduler,
            Consumer<Evaluation> onEvaluation) {
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("an analysis needs at least one objective");
        }
        if (state.interval().isZero() || state.interval().isNegative()) {
            throw new IllegalArgumentException("interval " + Durations.format(state.interval()) + " must be positive");
        }
        Run run = new Run(objectives, aligned(objectives, state), source, scheduler, onEvaluation);
        run.scheduleNext();
        return run;
    }

    /** The state's counters in the objectives' order; an objective the state does not know starts from zero. */
    private static AnalysisState aligned(List<Objective> objectives, AnalysisState state) {
        Map<String, ObjectiveState> known = state.objectives().stream()
                .collect(Collectors.toMap(ObjectiveState::objective, Function.identity(), (a, b) -> a));
        List<ObjectiveState> counters = objectives.stream()
                .map(o -> known.getOrDefault(o.name(), ObjectiveState.initial(o.name())))
                .toList();
        return new AnalysisState(state.started(), state.deadline(), state.interval(), state.evaluations(), counters);
    }

    private static final class Run implements AnalysisRun {
        private final List<Objective> objectives;
        private final MetricSource source;
        private final Scheduler scheduler;
        private final Consumer<Evaluation> onEvaluation;
        private final CompletableFuture<AnalysisOutcome> result = new CompletableFuture<>();
        private final List<Measurement> measurements = new ArrayList<>();

        // Guarded by this.
        private AnalysisState state;
        private Scheduler.Cancellable pending;
        private boolean cancelled;
        private boolean evaluating;
        private Instant lastEvaluated;

        Run(
                List<Objective> objectives,
                AnalysisState state,
                MetricSource source,
                Scheduler scheduler,
                Consumer<Evaluation> onEvaluation) {
            this.objectives = List.copyOf(objectives);
            this.state = state;
            this.source = source;
            this.scheduler = scheduler;
            this.onEvaluation = onEvaluation;
        }

        @Override
        public CompletableFuture<AnalysisOutcome> result() {
            return result;
        }

        @Override
        public void cancel() {
            synchronized (this) {
                if (cancelled || result.isDone()) {
                    return;
                }
                cancelled = true;
                if (pending != null) {
                    pending.cancel();
                }
                if (evaluating) {
                    // The evaluation in progress (perhaps the callback calling cancel) completes the result, so an
                    // exception the callback throws after cancelling is what the caller sees.
                    return;
                }
            }
            result.completeExceptionally(new CancellationException("analysis cancelled"));
        }

        /** Schedules the next evaluation, or the end of the window when no slot is left before the deadline. */
        synchronized void scheduleNext() {
            if (cancelled || result.isDone()) {
                return;
            }
            Instant now = scheduler.now();
            Instant due = nextSlot(now);
            if (due.isAfter(state.deadline())) {
                Instant end = state.deadline();
                pending = scheduler.schedule(Duration.between(now, end), this::finish);
            } else {
                pending = scheduler.schedule(Duration.between(now, due), this::evaluate);
            }
        }

        private Instant nextSlot(Instant now) {
            Duration interval = state.interval();
            Instant due = state.started().plus(interval.multipliedBy(state.evaluations() + 1L));
            if (due.isBefore(now)) {
                long elapsed = Duration.between(state.started(), now).toNanos();
                long slots = (elapsed + interval.toNanos() - 1) / interval.toNanos();
                due = state.started().plus(interval.multipliedBy(slots));
            }
            if (lastEvaluated != null && !due.isAfter(lastEvaluated)) {
                long elapsed = Duration.between(state.started(), lastEvaluated).toNanos();
                due = state.started().plus(interval.multipliedBy(elapsed / interval.toNanos() + 1));
            }
            return due;
        }

        private void evaluate() {
            AnalysisState before;
            synchronized (this) {
                if (cancelled || result.isDone()) {
                    return;
                }
                evaluating = true;
                before = state;
            }
            Throwable failure = null;
            Verdict verdict = null;
            AnalysisState after = before;
            try {
                Instant time = scheduler.now();
                List<Measurement> taken = new ArrayList<>();
                List<ObjectiveState> counters = new ArrayList<>();
                for (int i = 0; i < objectives.size(); i++) {
                    Measurement m = Measurer.measure(objectives.get(i), source, time);
                    taken.add(m);
                    counters.add(count(before.objectives().get(i), m));
                }
                after = new AnalysisState(
                        before.started(), before.deadline(), before.interval(), before.evaluations() + 1, counters);
                synchronized (this) {
                    state = after;
                    lastEvaluated = time;
                    measurements.addAll(taken);
                }
                onEvaluation.accept(new Evaluation(after.evaluations(), time, taken, after));
                verdict = earlyVerdict(after);
            } catch (RuntimeException | Error e) {
                failure = e;
            }
            synchronized (this) {
                evaluating = false;
                if (failure == null && cancelled) {
                    failure = new CancellationException("analysis cancelled");
                }
            }
            if (failure != null) {
                result.completeExceptionally(failure);
            } else if (verdict != null) {
                complete(verdict);
            } else {
                scheduleNext();
            }
        }

        private void finish() {
            synchronized (this) {
                if (cancelled || result.isDone()) {
                    return;
                }
            }
            complete(deadlineVerdict(state));
        }

        private void complete(Verdict verdict) {
            AnalysisOutcome outcome;
            synchronized (this) {
                outcome = new AnalysisOutcome(verdict, state, measurements);
            }
            result.complete(outcome);
        }

        private static ObjectiveState count(ObjectiveState s, Measurement m) {
            return switch (m.outcome()) {
                case PASS ->
                    new ObjectiveState(
                            s.objective(), s.measurements() + 1, s.passes() + 1, s.breaches(), 0, s.inconclusive(), m);
                case BREACH ->
                    new ObjectiveState(
                            s.objective(),
                            s.measurements() + 1,
                            s.passes(),
                            s.breaches() + 1,
                            s.consecutiveBreaches() + 1,
                            s.inconclusive(),
                            m);
                case INCONCLUSIVE ->
                    new ObjectiveState(
                            s.objective(),
                            s.measurements() + 1,
                            s.passes(),
                            s.breaches(),
                            s.consecutiveBreaches(),
                            s.inconclusive() + 1,
                            m);
            };
        }

        /** FAIL or an exceeded inconclusive limit end the window before its deadline; null means carry on. */
        private Verdict earlyVerdict(AnalysisState s) {
            List<String> failed = new ArrayList<>();
            List<String> reasons = new ArrayList<>();
            List<Measurement> evidence = new ArrayList<>();
            BreachAction action = null;
            for (int i = 0; i < objectives.size(); i++) {
                Objective o = objectives.get(i);
                ObjectiveState c = s.objectives().get(i);
                boolean consecutive = c.consecutiveBreaches() >= o.consecutiveLimit();
                boolean total = o.totalLimit().isPresent()
                        && c.breaches() >= o.totalLimit().get();
                if (!consecutive && !total) {
                    continue;
                }
                failed.add(o.name());
                action = action == null ? o.onBreach() : action.mostSevere(o.onBreach());
                reasons.add(o.name() + " breached " + (consecutive ? inARow(c.consecutiveBreaches()) : inAll(c, o))
                        + " (" + c.last().reason() + ")");
                evidence.addAll(breaches(o.name(), consecutive ? c.consecutiveBreaches() : c.breaches()));
            }
            if (!failed.isEmpty()) {
                return new Verdict.Fail(failed, String.join("; ", reasons), action, evidence);
            }
            List<String> stuck = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < objectives.size(); i++) {
                Objective o = objectives.get(i);
                ObjectiveState c = s.objectives().get(i);
                if (o.inconclusiveLimit().isPresent()
                        && c.inconclusive() > o.inconclusiveLimit().get()) {
                    stuck.add(o.name());
                    why.add(o.name() + " was inconclusive " + times(c.inconclusive()) + ", more than its limit of "
                            + o.inconclusiveLimit().get() + " (last: "
                            + c.last().reason() + ")");
                }
            }
            return stuck.isEmpty() ? null : new Verdict.Inconclusive(stuck, String.join("; ", why));
        }

        private Verdict deadlineVerdict(AnalysisState s) {
            List<String> unproven = new ArrayList<>();
            List<String> why = new ArrayList<>();
            for (int i = 0; i < objectives.size(); i++) {
                Objective o = objectives.get(i);
                ObjectiveState c = s.objectives().get(i);
                if (c.passes() == 0) {
                    unproven.add(o.name());
                    why.add(o.name() + " had no passing measurement in " + c.measurements() + " measurement"
                            + (c.measurements() == 1 ? "" : "s")
                            + (c.last() == null ? "" : " (last: " + c.last().reason() + ")"));
                }
            }
            if (!unproven.isEmpty()) {
                return new Verdict.Inconclusive(unproven, String.join("; ", why));
            }
            String held = objectives.stream()
                    .map(o -> o.describe() + " (" + s.objective(o.name()).passes() + "/"
                            + s.objective(o.name()).measurements() + " passed)")
                    .collect(Collectors.joining(", "));
            return new Verdict.Pass("every objective held for "
                    + Durations.format(Duration.between(s.started(), s.deadline())) + " (" + s.evaluations()
                    + " evaluations): " + held);
        }

        /** The latest {@code n} breaches of {@code objective} this run saw. */
        private List<Measurement> breaches(String objective, int n) {
            List<Measurement> all;
            synchronized (this) {
                all = measurements.stream()
                        .filter(m -> m.objective().equals(objective) && m.outcome() == Measurement.Outcome.BREACH)
                        .toList();
            }
            return all.subList(Math.max(0, all.size() - n), all.size());
        }

        private static String inARow(int n) {
            return n == 1 ? "once" : n + " times in a row";
        }

        private static String inAll(ObjectiveState c, Objective o) {
            return c.breaches() + " times in all (limit " + o.totalLimit().get() + ")";
        }

        private static String times(int n) {
            return n == 1 ? "once" : n + " times";
        }
    }
}
