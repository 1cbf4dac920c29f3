package io.canarygate.core.report;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Measurement.Outcome;
import io.canarygate.core.analysis.ObjectiveState;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.state.Trigger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records shaped the way the engine writes them: the checkout rollout that passed its 10% window and was rolled back
 * when p95 latency breached three times in a row at 25%.
 */
final class SampleRecords {
    static final Instant T0 = Instant.parse("2026-12-01T12:00:00Z");
    static final Trigger GITHUB =
            new Trigger("github", "123456789", "alice", "https://github.com/acme/shop/actions/runs/123456789");
    static final String QUERY_SUCCESS =
            "sum(rate(http_requests_total{version=\"canary\",code!~\"5..\"}[1m])) / sum(rate(http_requests_total{version=\"canary\"}[1m]))";
    static final String QUERY_P95 =
            "histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{version=\"canary\"}[1m])))";
    static final String FAIL_REASON = "p95-latency breached 3 times in a row (0.71 > 0.5)";

    private SampleRecords() {}

    static Measurement pass(String objective, Instant t, double v, Comparison op, double threshold) {
        return new Measurement(
                objective,
                t,
                Outcome.PASS,
                v,
                op,
                threshold,
                1200.0,
                Measurement.format(v) + " " + op.symbol() + " " + Measurement.format(threshold));
    }

    static Measurement breach(String objective, Instant t, double v, Comparison op, double threshold) {
        return new Measurement(
                objective,
                t,
                Outcome.BREACH,
                v,
                op,
                threshold,
                1200.0,
                Measurement.format(v) + " > " + Measurement.format(threshold));
    }

    static Measurement noData(String objective, Instant t, Comparison op, double threshold) {
        return new Measurement(objective, t, Outcome.INCONCLUSIVE, null, op, threshold, null, "no data (empty result)");
    }

    /** 10%: four evaluations, both objectives pass. */
    static AnalysisRecord passedWindow() {
        Instant start = T0.plusSeconds(60);
        List<Measurement> ms = new ArrayList<>();
        for (int i = 1; i <= 4; i++) {
            Instant t = start.plusSeconds(30L * i);
            ms.add(pass("success-rate", t, 0.9971 + i * 0.0001, Comparison.GE, 0.995));
            ms.add(pass("p95-latency", t, 0.40 + i * 0.01, Comparison.LE, 0.5));
        }
        AnalysisState state = new AnalysisState(
                start,
                start.plus(Duration.ofMinutes(2)),
                Duration.ofSeconds(30),
                4,
                List.of(
                        new ObjectiveState("success-rate", 4, 4, 0, 0, 0, ms.get(6)),
                        new ObjectiveState("p95-latency", 4, 4, 0, 0, 0, ms.get(7))));
        return new AnalysisRecord(
                "w10",
                10,
                queries(),
                thresholds(),
                state,
                ms,
                "PASS",
                "every objective held for 2m (4 evaluations)",
                start.plus(Duration.ofMinutes(2)),
                GITHUB);
    }

    /** 25%: p95 has no data once, then breaches three times in a row. */
    static AnalysisRecord failedWindow() {
        Instant start = T0.plusSeconds(240);
        List<Measurement> ms = new ArrayList<>();
        Instant t1 = start.plusSeconds(30);
        ms.add(pass("success-rate", t1, 0.998, Comparison.GE, 0.995));
        ms.add(noData("p95-latency", t1, Comparison.LE, 0.5));
        double[] p95 = {0.61, 0.66, 0.71};
        for (int i = 0; i < 3; i++) {
            Instant t = start.plusSeconds(30L * (i + 2));
            ms.add(pass("success-rate", t, 0.997, Comparison.GE, 0.995));
            ms.add(breach("p95-latency", t, p95[i], Comparison.LE, 0.5));
        }
        AnalysisState state = new AnalysisState(
                start,
                start.plus(Duration.ofMinutes(30)),
                Duration.ofSeconds(30),
                4,
                List.of(
                        new ObjectiveState("success-rate", 4, 4, 0, 0, 0, ms.get(6)),
                        new ObjectiveState("p95-latency", 4, 0, 3, 3, 1, ms.get(7))));
        return new AnalysisRecord(
                "w25", 25, queries(), thresholds(), state, ms, "FAIL", FAIL_REASON, start.plusSeconds(120), GITHUB);
    }

    static Map<String, String> queries() {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("success-rate", QUERY_SUCCESS);
        q.put("p95-latency", QUERY_P95);
        return q;
    }

    static Map<String, String> thresholds() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("success-rate", ">= 0.995");
        t.put("p95-latency", "<= 0.5");
        return t;
    }

    /** The whole rollout: deployed, 10% passed, 25% failed, rolled back. */
    static RolloutRecord rolledBack() {
        List<Transition> history = List.of(
                new Transition(T0, null, Phase.DEPLOYING, 0, GITHUB, "deploy ghcr.io/acme/checkout:1.4.0"),
                new Transition(T0.plusSeconds(50), Phase.DEPLOYING, Phase.RUNNING, 10, GITHUB, "canary ready at 10%"),
                new Transition(T0.plusSeconds(230), Phase.RUNNING, Phase.RUNNING, 25, GITHUB, "weight 10% → 25%"),
                new Transition(T0.plusSeconds(360), Phase.RUNNING, Phase.ROLLING_BACK, 25, GITHUB, FAIL_REASON),
                new Transition(T0.plusSeconds(365), Phase.ROLLING_BACK, Phase.ROLLED_BACK, 0, GITHUB, FAIL_REASON));
        return record(Phase.ROLLED_BACK, 0, history, List.of(passedWindow(), failedWindow()));
    }

    static RolloutRecord record(Phase phase, int weight, List<Transition> history, List<AnalysisRecord> analyses) {
        return new RolloutRecord(
                RolloutRecord.SCHEMA,
                "checkout",
                "shop",
                "checkout",
                "checkout-canary",
                "replicas",
                phase,
                weight,
                Map.of("app", "ghcr.io/acme/checkout:1.3.9"),
                Map.of("app", "ghcr.io/acme/checkout:1.4.0"),
                "7",
                GITHUB,
                history,
                analyses,
                T0,
                history.isEmpty() ? T0 : history.get(history.size() - 1).at());
    }

    /** A record holding one window with {@code verdict} and {@code reason}, measurements as given. */
    static RolloutRecord withWindow(
            String verdict, String reason, List<Measurement> ms, List<ObjectiveState> counters) {
        Instant start = T0.plusSeconds(60);
        Map<String, String> queries = new LinkedHashMap<>(queries());
        Map<String, String> thresholds = new LinkedHashMap<>(thresholds());
        if (!counters.isEmpty()) {
            List<String> names =
                    counters.stream().map(ObjectiveState::objective).toList();
            queries.keySet().retainAll(names);
            thresholds.keySet().retainAll(names);
        }
        AnalysisRecord a = new AnalysisRecord(
                "w10",
                10,
                queries,
                thresholds,
                new AnalysisState(
                        start, start.plus(Duration.ofMinutes(5)), Duration.ofSeconds(30), ms.size() / 2, counters),
                ms,
                verdict,
                reason,
                verdict == null ? null : start.plusSeconds(30L * Math.max(1, ms.size() / 2)),
                GITHUB);
        Phase phase = verdict == null ? Phase.RUNNING : "INCONCLUSIVE".equals(verdict) ? Phase.PAUSED : Phase.RUNNING;
        List<Transition> history = List.of(
                new Transition(T0, null, Phase.DEPLOYING, 0, GITHUB, "deploy"),
                new Transition(
                        T0.plusSeconds(50),
                        Phase.DEPLOYING,
                        phase,
                        10,
                        GITHUB,
                        reason == null ? "canary ready" : reason));
        return record(phase, 10, history, List.of(a));
    }
}
