package io.canarygate.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.BreachAction;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Evaluation;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Measurement.Outcome;
import io.canarygate.core.analysis.NoDataPolicy;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.analysis.Objectives;
import io.canarygate.core.state.Phase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgressFormatterTest {
    private static final Instant START = Instant.parse("2026-12-01T12:00:00Z");
    private static final Instant T3 = START.plusSeconds(30);

    private static Objective objective(
            String name, Comparison op, double threshold, int consecutive, Integer total, Objective.Evidence evidence) {
        return new Objective(
                name,
                "q_" + name,
                op,
                threshold,
                consecutive,
                Optional.ofNullable(total),
                Optional.ofNullable(evidence),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
    }

    private static Measurement m(String name, Outcome outcome, Double value, Comparison op, double threshold) {
        return new Measurement(name, T3, outcome, value, op, threshold, null, "");
    }

    private static RolloutEvent.Evaluated evaluated(
            List<Objective> objectives, List<Measurement> ms, List<ObjectiveState> counters) {
        AnalysisState state = new AnalysisState(START, START.plusSeconds(600), Duration.ofSeconds(30), 3, counters);
        return new RolloutEvent.Evaluated(T3, "checkout", 10, objectives, new Evaluation(3, T3, ms, state), "w10");
    }

    @Test
    void anEvaluationShowsEachValueAgainstItsThresholdAndTheBreachCountersAgainstTheLimits() {
        List<Objective> objectives = List.of(
                objective("success-rate", Comparison.GE, 0.995, 1, null, null),
                objective("p95-latency", Comparison.LE, 0.5, 3, null, null),
                objective("errors", Comparison.LE, 0.01, 1, null, null));
        List<Measurement> ms = List.of(
                m("success-rate", Outcome.PASS, 0.9971, Comparison.GE, 0.995),
                m("p95-latency", Outcome.BREACH, 0.612, Comparison.LE, 0.5),
                m("errors", Outcome.INCONCLUSIVE, null, Comparison.LE, 0.01));
        List<ObjectiveState> counters = List.of(
                new ObjectiveState("success-rate", 3, 3, 0, 0, 0, ms.get(0)),
                new ObjectiveState("p95-latency", 3, 1, 2, 2, 0, ms.get(1)),
                new ObjectiveState("errors", 3, 2, 0, 0, 1, ms.get(2)));

        assertThat(ProgressFormatter.format(evaluated(objectives, ms, counters)))
                .isEqualTo("[w10 #3 12:00:30] success-rate 0.9971 >= 0.995 ok · p95-latency 0.612 <= 0.5 BREACH"
                        + " (2/3 in a row, 2 in all) · errors no data (inconclusive)");
    }

    @Test
    void aComparisonWithTheBaselineShowsTheEstimateAndItsIntervalAgainstTheTolerance() {
        Objective compared = Objectives.compared(
                "latency-vs-stable",
                "q_canary",
                Comparison.LE,
                0.1,
                2,
                new Objective.Baseline("q_stable", Duration.ofMinutes(10), Duration.ofSeconds(30), 0.95));
        Measurement breach = new Measurement(
                "latency-vs-stable",
                T3,
                Outcome.BREACH,
                0.21,
                Comparison.LE,
                0.1,
                null,
                "canary +28% vs baseline (95% interval +21% to +35%, 21/21 samples) beyond +10%");

        assertThat(ProgressFormatter.format(evaluated(
                        List.of(compared),
                        List.of(breach),
                        List.of(new ObjectiveState("latency-vs-stable", 3, 0, 1, 1, 0, breach)))))
                .isEqualTo("[w10 #3 12:00:30] latency-vs-stable canary +28% vs baseline (95% interval +21% to +35%,"
                        + " 21/21 samples) beyond +10% BREACH (1/2 in a row, 1 in all)");
    }

    @Test
    void aTotalLimitIsShownOnBreachesAndOnPassesAfterEarlierBreaches() {
        List<Objective> objectives = List.of(
                objective("error-rate", Comparison.LE, 0.05, 3, 5, null),
                objective("p95-latency", Comparison.LE, 0.5, 1, 4, null));
        List<Measurement> ms = List.of(
                m("error-rate", Outcome.BREACH, 0.0712, Comparison.LE, 0.05),
                m("p95-latency", Outcome.PASS, 0.41, Comparison.LE, 0.5));
        List<ObjectiveState> counters = List.of(
                new ObjectiveState("error-rate", 3, 0, 3, 1, 0, ms.get(0)),
                new ObjectiveState("p95-latency", 3, 2, 1, 0, 0, ms.get(1)));

        assertThat(ProgressFormatter.format(evaluated(objectives, ms, counters)))
                .isEqualTo("[w10 #3 12:00:30] error-rate 0.0712 <= 0.05 BREACH (1/3 in a row, 3/5 in all)"
                        + " · p95-latency 0.41 <= 0.5 ok (1/4 in all)");
    }

    @Test
    void aMinimumEvidenceShortfallIsNamed() {
        List<Objective> objectives =
                List.of(objective("errors", Comparison.LE, 0.01, 1, null, new Objective.Evidence("q_count", 100)));
        Measurement short42 = new Measurement(
                "errors", T3, Outcome.INCONCLUSIVE, 0.001, Comparison.LE, 0.01, 42.0, "42 requests < 100 needed");

        String line = ProgressFormatter.format(
                evaluated(objectives, List.of(short42), List.of(new ObjectiveState("errors", 3, 2, 0, 0, 1, short42))));

        assertThat(line).isEqualTo("[w10 #3 12:00:30] errors 0.001 <= 0.01 (inconclusive, evidence 42 < 100 needed)");
    }

    @Test
    void evidenceWithoutDataIsNamedByTheMeasurementsReason() {
        List<Objective> objectives =
                List.of(objective("errors", Comparison.LE, 0.01, 1, null, new Objective.Evidence("q_count", 100)));
        Measurement none = new Measurement(
                "errors",
                T3,
                Outcome.INCONCLUSIVE,
                null,
                Comparison.LE,
                0.01,
                null,
                "no requests (empty result) < 100 needed");

        String line = ProgressFormatter.format(
                evaluated(objectives, List.of(none), List.of(new ObjectiveState("errors", 3, 2, 0, 0, 1, none))));

        assertThat(line)
                .isEqualTo("[w10 #3 12:00:30] errors no data (inconclusive, no requests (empty result) < 100 needed)");
    }

    @Test
    void noDataWithEnoughEvidenceIsPlainNoData() {
        List<Objective> objectives =
                List.of(objective("errors", Comparison.LE, 0.01, 1, null, new Objective.Evidence("q_count", 100)));
        Measurement none =
                new Measurement("errors", T3, Outcome.INCONCLUSIVE, null, Comparison.LE, 0.01, 250.0, "no data (NaN)");

        String line = ProgressFormatter.format(
                evaluated(objectives, List.of(none), List.of(new ObjectiveState("errors", 3, 2, 0, 0, 1, none))));

        assertThat(line).isEqualTo("[w10 #3 12:00:30] errors no data (inconclusive)");
    }

    @Test
    void anInconclusiveLimitIsShownAgainstTheCount() {
        Objective errors = new Objective(
                "errors",
                "q",
                Comparison.LE,
                0.01,
                1,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.of(3),
                BreachAction.ROLLBACK);
        Measurement none = m("errors", Outcome.INCONCLUSIVE, null, Comparison.LE, 0.01);

        String line = ProgressFormatter.format(
                evaluated(List.of(errors), List.of(none), List.of(new ObjectiveState("errors", 3, 1, 0, 0, 2, none))));

        assertThat(line).isEqualTo("[w10 #3 12:00:30] errors no data (inconclusive, 2/3 allowed)");
    }

    @Test
    void noDataThatCountsAsABreachSaysSo() {
        List<Objective> objectives = List.of(objective("errors", Comparison.LE, 0.01, 2, null, null));
        Measurement none = m("errors", Outcome.BREACH, null, Comparison.LE, 0.01);

        String line = ProgressFormatter.format(
                evaluated(objectives, List.of(none), List.of(new ObjectiveState("errors", 3, 2, 1, 1, 0, none))));

        assertThat(line).isEqualTo("[w10 #3 12:00:30] errors no data BREACH (1/2 in a row, 1 in all)");
    }

    @Test
    void aPhaseChangeReadsFromToAtWeightWithTheReason() {
        assertThat(ProgressFormatter.format(new RolloutEvent.PhaseChanged(
                        T3,
                        "checkout",
                        Phase.RUNNING,
                        Phase.ROLLED_BACK,
                        0,
                        "p95-latency breached 3 times in a row (0.71 > 0.5)")))
                .isEqualTo("RUNNING → ROLLED_BACK at 0%: p95-latency breached 3 times in a row (0.71 > 0.5)");
        assertThat(ProgressFormatter.format(
                        new RolloutEvent.PhaseChanged(T3, "checkout", null, Phase.DEPLOYING, 0, "deploy 1.4.0")))
                .isEqualTo("DEPLOYING at 0%: deploy 1.4.0");
        assertThat(ProgressFormatter.format(
                        new RolloutEvent.PhaseChanged(T3, "checkout", Phase.PAUSED, Phase.RUNNING, 10, "a\nb")))
                .isEqualTo("PAUSED → RUNNING at 10%: a b");
    }

    @Test
    void aWeightChangeDrawsTheNewShareAsABarOfTenCells() {
        assertThat(ProgressFormatter.format(new RolloutEvent.WeightChanged(T3, "checkout", 10, 25)))
                .isEqualTo("weight 10% → 25%  [██▌       ]");
        assertThat(ProgressFormatter.format(new RolloutEvent.WeightChanged(T3, "checkout", 75, 100)))
                .isEqualTo("weight 75% → 100%  [██████████]");
        assertThat(ProgressFormatter.format(new RolloutEvent.WeightChanged(T3, "checkout", 25, 0)))
                .isEqualTo("weight 25% → 0%  [          ]");
        assertThat(ProgressFormatter.format(new RolloutEvent.WeightChanged(T3, "checkout", 0, 1)))
                .isEqualTo("weight 0% → 1%  [▏         ]");
        assertThat(ProgressFormatter.format(new RolloutEvent.WeightChanged(T3, "checkout", 0, 33)))
                .isEqualTo("weight 0% → 33%  [███▎      ]");
    }

    @Test
    void aNoteIsItsMessage() {
        assertThat(ProgressFormatter.format(
                        new RolloutEvent.Note(T3, "checkout", "waiting for checkout-canary: 1/2 ready")))
                .isEqualTo("waiting for checkout-canary: 1/2 ready");
    }
}
