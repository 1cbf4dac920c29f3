package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.metrics.BadQueryException;
import io.canarygate.core.metrics.MetricSourceUnavailableException;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.time.VirtualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class AnalysisRunnerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final String ERRORS = "error_ratio";
    private static final String LATENCY = "p95";
    private static final String REQUESTS = "requests";

    private final VirtualScheduler scheduler = new VirtualScheduler(T0);
    private final ScriptedSource source = new ScriptedSource();
    private final List<Evaluation> evaluations = new ArrayList<>();

    /** error-rate < 0.05, consecutive 1, no total limit, noData inconclusive, onBreach rollback. */
    private static Objective errorRate() {
        return new Objective(
                "error-rate",
                ERRORS,
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
    }

    private static Objective with(Objective o, int consecutive, Integer total) {
        return new Objective(
                o.name(),
                o.query(),
                o.op(),
                o.threshold(),
                consecutive,
                Optional.ofNullable(total),
                o.minEvidence(),
                o.noData(),
                o.inconclusiveLimit(),
                o.onBreach());
    }

    private static Objective with(Objective o, NoDataPolicy noData) {
        return new Objective(
                o.name(),
                o.query(),
                o.op(),
                o.threshold(),
                o.consecutiveLimit(),
                o.totalLimit(),
                o.minEvidence(),
                noData,
                o.inconclusiveLimit(),
                o.onBreach());
    }

    private AnalysisRun start(List<Objective> objectives, Duration duration, Duration interval) {
        return AnalysisRunner.start(
                objectives,
                AnalysisState.start(scheduler.now(), duration, interval, objectives),
                source,
                scheduler,
                evaluations::add);
    }

    private AnalysisOutcome run(AnalysisRun run) throws TimeoutException {
        return scheduler.runUntil(run.result(), Duration.ofDays(1));
    }

    private Throwable failureOf(AnalysisRun run) throws TimeoutException {
        try {
            run(run);
        } catch (CompletionException | CancellationException e) {
            return e instanceof CompletionException ? e.getCause() : e;
        }
        throw new AssertionError("the run did not fail");
    }

    @Test
    void passesWhenTheErrorRateStaysUnderFivePercentForTheWholeWindow() throws Exception {
        source.values(ERRORS, 0.01, 0.02, 0.049);

        AnalysisOutcome outcome = run(start(List.of(errorRate()), Duration.ofMinutes(10), Duration.ofMinutes(1)));

        assertThat(outcome.verdict()).isInstanceOf(Verdict.Pass.class);
        assertThat(outcome.verdict().reason()).contains("10m", "10 evaluations", "error-rate < 0.05 (10/10 passed)");
        assertThat(outcome.state().evaluations()).isEqualTo(10);
        assertThat(outcome.measurements()).hasSize(10);
        assertThat(source.times(ERRORS))
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, 10)
                        .mapToObj(n -> T0.plus(Duration.ofMinutes(n)))
                        .toList());
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
        assertThat(evaluations).extracting(Evaluation::number).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        Measurement first = evaluations.get(0).measurements().get(0);
        assertThat(first.reason()).isEqualTo("0.01 < 0.05");
        assertThat(first.value()).isEqualTo(0.01);
        assertThat(first.time()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void endsAtTheDeadlineEvenWhenTheIntervalDoesNotDivideTheWindow() throws Exception {
        source.values(ERRORS, 0.01);

        AnalysisOutcome outcome = run(start(List.of(errorRate()), Duration.ofMinutes(10), Duration.ofMinutes(3)));

        assertThat(outcome.verdict().id()).isEqualTo("PASS");
        assertThat(source.times(ERRORS)).hasSize(3);
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void rollsBackWhenTheErrorRateIsAboveFivePercentThreeTimesInARow() throws Exception {
        source.values(ERRORS, 0.01, 0.07, 0.01, 0.07, 0.07, 0.07, 0.01);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), 3, null)), Duration.ofMinutes(30), Duration.ofMinutes(1)));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.reason()).isEqualTo("error-rate breached 3 times in a row (0.07 >= 0.05)");
        assertThat(fail.objectives()).containsExactly("error-rate");
        assertThat(fail.action()).isEqualTo(BreachAction.ROLLBACK);
        assertThat(fail.evidence()).hasSize(3).allMatch(m -> m.outcome() == Measurement.Outcome.BREACH);
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(6)));
        assertThat(outcome.state().objective("error-rate").consecutiveBreaches())
                .isEqualTo(3);
        assertThat(outcome.state().objective("error-rate").breaches()).isEqualTo(4);
        assertThat(scheduler.pending())
                .as("nothing left scheduled after a FAIL")
                .isZero();
    }

    @Test
    void rollsBackOnTheTotalLimitWhenBreachesAreNotConsecutive() throws Exception {
        source.values(ERRORS, 0.07, 0.01, 0.07, 0.01, 0.07, 0.01);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), 3, 3)), Duration.ofMinutes(30), Duration.ofMinutes(1)));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.reason()).isEqualTo("error-rate breached 3 times in all (limit 3) (0.07 >= 0.05)");
        assertThat(fail.evidence()).hasSize(3);
        assertThat(outcome.state().evaluations()).isEqualTo(5);
    }

    @Test
    void doesNotFailWhenBreachesStayUnderBothLimits() throws Exception {
        source.values(ERRORS, 0.07, 0.01, 0.07, 0.07, 0.01, 0.01);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), 3, 4)), Duration.ofMinutes(6), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().id()).isEqualTo("PASS");
        assertThat(outcome.state().objective("error-rate").breaches()).isEqualTo(3);
    }

    @Test
    void anInconclusiveMeasurementNeitherResetsNorExtendsABreachStreak() throws Exception {
        source.values(ERRORS, 0.07, null, 0.07, 0.01);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), 2, null)), Duration.ofMinutes(10), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().id()).isEqualTo("FAIL");
        assertThat(outcome.state().evaluations()).isEqualTo(3);
        assertThat(outcome.verdict().reason()).isEqualTo("error-rate breached 2 times in a row (0.07 >= 0.05)");
    }

    @Test
    void endsInconclusiveWhenThereIsNoDataAndTheDefaultPolicyApplies() throws Exception {
        source.values(ERRORS, (Double) null);

        AnalysisOutcome outcome = run(start(List.of(errorRate()), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        Verdict.Inconclusive v = (Verdict.Inconclusive) outcome.verdict();
        assertThat(v.objectives()).containsExactly("error-rate");
        assertThat(v.reason())
                .isEqualTo("error-rate had no passing measurement in 5 measurements (last: no data (empty result))");
        assertThat(outcome.measurements())
                .allSatisfy(m -> assertThat(m.outcome()).isEqualTo(Measurement.Outcome.INCONCLUSIVE));
        assertThat(outcome.measurements().get(0).value()).isNull();
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    }

    @Test
    void noDataCountsAsABreachWhenThePolicyIsFail() throws Exception {
        source.values(ERRORS, (Double) null);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), NoDataPolicy.FAIL)), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().reason())
                .isEqualTo("error-rate breached once (no data (empty result), counted as a breach (noData: fail))");
        assertThat(outcome.state().evaluations()).isEqualTo(1);
    }

    @Test
    void noDataPassesOnlyWhenThePolicySaysPass() throws Exception {
        source.values(ERRORS, (Double) null);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), NoDataPolicy.PASS)), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().id()).isEqualTo("PASS");
        assertThat(outcome.measurements().get(0).reason())
                .isEqualTo("no data (empty result), counted as a pass (noData: pass)");
    }

    @Test
    void nanIsNoData() throws Exception {
        source.values(ERRORS, Double.NaN);

        AnalysisOutcome outcome =
                run(start(List.of(with(errorRate(), NoDataPolicy.FAIL)), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        Measurement m = outcome.measurements().get(0);
        assertThat(m.value()).isNull();
        assertThat(m.outcome()).isEqualTo(Measurement.Outcome.BREACH);
        assertThat(m.reason()).startsWith("no data (NaN)");
    }

    @Test
    void infinityIsAValueAndIsComparedLikeAnyOther() throws Exception {
        Objective latency = new Objective(
                "p95-latency",
                LATENCY,
                Comparison.LE,
                0.5,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
        source.values(LATENCY, Double.POSITIVE_INFINITY);

        AnalysisOutcome outcome = run(start(List.of(latency), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().reason()).isEqualTo("p95-latency breached once (+Inf > 0.5)");
    }

    @Test
    void tooFewRequestsMakeAMeasurementInconclusiveWhateverItsValue() throws Exception {
        Objective o = new Objective(
                "error-rate",
                ERRORS,
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.of(new Objective.Evidence(REQUESTS, 100)),
                NoDataPolicy.FAIL,
                Optional.empty(),
                BreachAction.ROLLBACK);
        source.values(ERRORS, 0.5).values(REQUESTS, 42.0, null, 42.0);

        AnalysisOutcome outcome = run(start(List.of(o), Duration.ofMinutes(3), Duration.ofMinutes(1)));

        assertThat(outcome.verdict().id()).isEqualTo("INCONCLUSIVE");
        assertThat(outcome.measurements())
                .extracting(Measurement::reason)
                .containsExactly(
                        "42 requests < 100 needed",
                        "no requests (empty result) < 100 needed",
                        "42 requests < 100 needed");
        Measurement first = outcome.measurements().get(0);
        assertThat(first.evidence()).isEqualTo(42.0);
        assertThat(first.value()).isEqualTo(0.5);
        assertThat(outcome.measurements().get(1).evidence()).isNull();
    }

    @Test
    void judgesTheValueOnceThereAreEnoughRequests() throws Exception {
        Objective o = new Objective(
                "error-rate",
                ERRORS,
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.of(new Objective.Evidence(REQUESTS, 100)),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
        source.values(ERRORS, 0.01, 0.01, 0.09).values(REQUESTS, 42.0, 100.0, 500.0);

        AnalysisOutcome outcome = run(start(List.of(o), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(outcome.measurements())
                .extracting(Measurement::outcome)
                .containsExactly(
                        Measurement.Outcome.INCONCLUSIVE, Measurement.Outcome.PASS, Measurement.Outcome.BREACH);
        assertThat(outcome.measurements().get(2).evidence()).isEqualTo(500.0);
        assertThat(source.times(REQUESTS)).isEqualTo(source.times(ERRORS));
    }

    @Test
    void endsInconclusiveAsSoonAsAnObjectiveExceedsItsInconclusiveLimit() throws Exception {
        Objective o = new Objective(
                "error-rate",
                ERRORS,
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.of(2),
                BreachAction.ROLLBACK);
        source.values(ERRORS, 0.01, null);

        AnalysisOutcome outcome = run(start(List.of(o), Duration.ofMinutes(30), Duration.ofMinutes(1)));

        Verdict.Inconclusive v = (Verdict.Inconclusive) outcome.verdict();
        assertThat(v.reason())
                .isEqualTo(
                        "error-rate was inconclusive 3 times, more than its limit of 2 (last: no data (empty result))");
        assertThat(outcome.state().evaluations()).isEqualTo(4);
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(4)));
    }

    @Test
    void aResumedWindowKeepsItsDeadlineCadenceAndCounters() throws Exception {
        Objective o = with(errorRate(), 3, null);
        Measurement breach = new Measurement(
                "error-rate",
                T0.plus(Duration.ofMinutes(4)),
                Measurement.Outcome.BREACH,
                0.07,
                Comparison.LT,
                0.05,
                null,
                "0.07 >= 0.05");
        AnalysisState persisted = new AnalysisState(
                T0,
                T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(1),
                4,
                List.of(new ObjectiveState("error-rate", 4, 2, 2, 2, 0, breach)));
        // The process restarted 30 s after evaluation 4.
        scheduler.advance(Duration.ofMinutes(4).plusSeconds(30));
        source.values(ERRORS, 0.07);

        AnalysisRun run = AnalysisRunner.start(List.of(o), persisted, source, scheduler, evaluations::add);
        AnalysisOutcome outcome = run(run);

        assertThat(source.times(ERRORS)).containsExactly(T0.plus(Duration.ofMinutes(5)));
        assertThat(evaluations).extracting(Evaluation::number).containsExactly(5);
        assertThat(outcome.verdict().reason()).isEqualTo("error-rate breached 3 times in a row (0.07 >= 0.05)");
        assertThat(outcome.state().deadline()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aResumedWindowPassesAtTheOriginalDeadline() throws Exception {
        Objective o = errorRate();
        AnalysisState persisted = new AnalysisState(
                T0,
                T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(1),
                4,
                List.of(new ObjectiveState("error-rate", 4, 4, 0, 0, 0, null)));
        // Down for 2.5 minutes: the slots at 5 and 6 are skipped, not replayed at once.
        scheduler.advance(Duration.ofMinutes(6).plusSeconds(30));
        source.values(ERRORS, 0.01);

        AnalysisOutcome outcome = run(AnalysisRunner.start(List.of(o), persisted, source, scheduler, evaluations::add));

        assertThat(outcome.verdict().id()).isEqualTo("PASS");
        assertThat(source.times(ERRORS))
                .containsExactly(
                        T0.plus(Duration.ofMinutes(7)),
                        T0.plus(Duration.ofMinutes(8)),
                        T0.plus(Duration.ofMinutes(9)),
                        T0.plus(Duration.ofMinutes(10)));
        assertThat(evaluations).extracting(Evaluation::number).containsExactly(5, 6, 7, 8);
        assertThat(scheduler.now()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }

    @Test
    void aWindowResumedAfterItsDeadlineEndsAtOnceWithoutMeasuring() throws Exception {
        AnalysisState persisted = new AnalysisState(
                T0,
                T0.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(1),
                10,
                List.of(new ObjectiveState("error-rate", 10, 10, 0, 0, 0, null)));
        scheduler.advance(Duration.ofHours(2));

        AnalysisOutcome outcome =
                run(AnalysisRunner.start(List.of(errorRate()), persisted, source, scheduler, evaluations::add));

        assertThat(outcome.verdict().id()).isEqualTo("PASS");
        assertThat(source.log).isEmpty();
    }

    @Test
    void theMostSevereActionWinsWhenSeveralObjectivesFailTogether() throws Exception {
        Objective pause = new Objective(
                "p95-latency",
                LATENCY,
                Comparison.LE,
                0.5,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.PAUSE);
        Objective gradual = new Objective(
                "error-rate",
                ERRORS,
                Comparison.LT,
                0.05,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.GRADUAL_ROLLBACK);
        source.values(LATENCY, 0.9).values(ERRORS, 0.2);

        AnalysisOutcome outcome = run(start(List.of(pause, gradual), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        Verdict.Fail fail = (Verdict.Fail) outcome.verdict();
        assertThat(fail.action()).isEqualTo(BreachAction.GRADUAL_ROLLBACK);
        assertThat(fail.objectives()).containsExactly("p95-latency", "error-rate");
        assertThat(fail.reason())
                .isEqualTo("p95-latency breached once (0.9 > 0.5); error-rate breached once (0.2 >= 0.05)");
    }

    @Test
    void onlyThePausingObjectiveFailingPauses() throws Exception {
        Objective pause = new Objective(
                "p95-latency",
                LATENCY,
                Comparison.LE,
                0.5,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.PAUSE);
        source.values(LATENCY, 0.9).values(ERRORS, 0.01);

        AnalysisOutcome outcome = run(start(List.of(pause, errorRate()), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(((Verdict.Fail) outcome.verdict()).action()).isEqualTo(BreachAction.PAUSE);
    }

    @Test
    void aCallbackThatThrowsFailsTheRunWithItsException() throws Exception {
        source.values(ERRORS, 0.01);
        IllegalStateException boom = new IllegalStateException("record store is gone");
        Objective o = errorRate();
        AnalysisRun run = AnalysisRunner.start(
                List.of(o),
                AnalysisState.start(T0, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(o)),
                source,
                scheduler,
                e -> {
                    if (e.number() == 2) {
                        throw boom;
                    }
                });

        assertThat(failureOf(run)).isSameAs(boom);
        assertThat(source.log).hasSize(2);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void aCallbackThatCancelsThenThrowsIsReportedWithItsOwnException() throws Exception {
        source.values(ERRORS, 0.01);
        Objective o = errorRate();
        AnalysisRun[] holder = new AnalysisRun[1];
        IllegalStateException conflict = new IllegalStateException("someone promoted it");
        Consumer<Evaluation> callback = e -> {
            holder[0].cancel();
            throw conflict;
        };
        holder[0] = AnalysisRunner.start(
                List.of(o),
                AnalysisState.start(T0, Duration.ofMinutes(10), Duration.ofMinutes(1), List.of(o)),
                source,
                scheduler,
                callback);

        assertThat(failureOf(holder[0])).isSameAs(conflict);
    }

    @Test
    void cancelStopsTheSchedule() throws Exception {
        source.values(ERRORS, 0.01);
        AnalysisRun run = start(List.of(errorRate()), Duration.ofMinutes(10), Duration.ofMinutes(1));
        scheduler.advance(Duration.ofMinutes(2).plusSeconds(30));

        run.cancel();
        scheduler.advance(Duration.ofHours(1));

        assertThat(run.result()).isCompletedExceptionally();
        assertThatThrownBy(() -> run.result().join()).isInstanceOf(CancellationException.class);
        assertThat(source.log).hasSize(2);
        assertThat(scheduler.pending()).isZero();
    }

    @Test
    void severalSeriesAreAnErrorThatNamesTheObjectiveAndSuggestsSum() throws Exception {
        QueryResult two = new QueryResult.Vector(List.of(
                new QueryResult.Series(Map.of("pod", "a"), List.of(new QueryResult.Sample(T0, 0.1))),
                new QueryResult.Series(Map.of("pod", "b"), List.of(new QueryResult.Sample(T0, 0.2)))));
        source.answer(ERRORS, n -> two);

        Throwable failure = failureOf(start(List.of(errorRate()), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(failure)
                .isInstanceOf(BadQueryException.class)
                .hasMessageContaining("objective error-rate")
                .hasMessageContaining("2 series")
                .hasMessageContaining("{pod=\"a\"}")
                .hasMessageContaining("sum(" + ERRORS + ")");
    }

    @Test
    void anUnreachableSourceFailsTheRunRatherThanCountingABreach() throws Exception {
        source.answer(ERRORS, n -> {
            if (n == 0) {
                return ScriptedSource.single(0.01);
            }
            throw new MetricSourceUnavailableException("prometheus http://p:9090 is unavailable", null);
        });

        Throwable failure = failureOf(start(List.of(errorRate()), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(failure)
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessage("objective error-rate query: prometheus http://p:9090 is unavailable");
        assertThat(evaluations).hasSize(1);
    }

    @Test
    void aRejectedQueryFailsTheRunWithPrometheusText() throws Exception {
        source.answer(ERRORS, n -> {
            throw new BadQueryException("prometheus http://p:9090 rejected the query: bad_data: parse error");
        });

        Throwable failure = failureOf(start(List.of(errorRate()), Duration.ofMinutes(5), Duration.ofMinutes(1)));

        assertThat(failure).isInstanceOf(BadQueryException.class).hasMessageContaining("bad_data: parse error");
    }

    @Test
    void reasonsShowEnoughDigitsToTellValueAndThresholdApart() {
        assertThat(Measurer.relation(0.99949, "<", 0.9995)).isEqualTo("0.99949 < 0.9995");
        assertThat(Measurer.relation(0.0123, ">", 0.01)).isEqualTo("0.0123 > 0.01");
    }
}
