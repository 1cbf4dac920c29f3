package io.canarygate.core.state;

import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.ObjectiveState;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Sample records for the state tests. */
final class Records {
    static final Instant T0 = Instant.parse("2026-12-01T10:02:11.123456Z");
    static final Trigger ALICE =
            new Trigger("jenkins", "job/checkout#12", "alice", "https://ci.example.com/job/checkout/12/");

    private Records() {}

    static RolloutRecord sample(String namespace, String rollout) {
        Measurement breach = new Measurement(
                "success-rate",
                T0.plusSeconds(30),
                Measurement.Outcome.BREACH,
                0.981,
                Comparison.GE,
                0.995,
                1234.0,
                "0.981 < 0.995");
        Measurement noData = new Measurement(
                "p95",
                T0.plusSeconds(30),
                Measurement.Outcome.INCONCLUSIVE,
                null,
                Comparison.LE,
                0.5,
                null,
                "no data (empty result)");
        Measurement nan = new Measurement(
                "p95",
                T0.plusSeconds(60),
                Measurement.Outcome.INCONCLUSIVE,
                Double.NaN,
                Comparison.LE,
                0.5,
                null,
                "NaN (0/0)");
        AnalysisState state = new AnalysisState(
                T0,
                T0.plus(Duration.ofMinutes(30)),
                Duration.ofSeconds(30),
                2,
                List.of(
                        new ObjectiveState("success-rate", 2, 1, 1, 1, 0, breach),
                        new ObjectiveState("p95", 2, 0, 0, 0, 2, nan)));
        Map<String, String> queries = new LinkedHashMap<>();
        queries.put("success-rate", "sum(rate(http_requests_total{version=\"canary\",code!~\"5..\"}[1m]))");
        queries.put("p95", "histogram_quantile(0.95, rate(latency_bucket[5m]))");
        AnalysisRecord analysis = new AnalysisRecord(
                "w10",
                10,
                queries,
                Map.of("success-rate", ">= 0.995", "p95", "<= 0.5"),
                state,
                List.of(breach, noData, nan),
                null,
                null,
                null,
                ALICE);
        AnalysisRecord done = new AnalysisRecord(
                "guard",
                10,
                Map.of(),
                Map.of(),
                state,
                List.of(),
                "PASS",
                "all objectives held",
                T0.plusSeconds(90),
                new Trigger("github", "987654321", null, null));
        return new RolloutRecord(
                RolloutRecord.SCHEMA,
                rollout,
                namespace,
                "checkout",
                "checkout-canary",
                "replicas",
                Phase.RUNNING,
                10,
                Map.of("app", "ghcr.io/acme/checkout:1.3.0"),
                Map.of("app", "ghcr.io/acme/checkout:1.4.0"),
                "7",
                ALICE,
                List.of(
                        new Transition(T0, null, Phase.DEPLOYING, 0, ALICE, "deploy 10%"),
                        new Transition(
                                T0.plusSeconds(5), Phase.DEPLOYING, Phase.RUNNING, 10, ALICE, "canary takes 10%")),
                List.of(done, analysis),
                T0,
                T0.plusSeconds(5));
    }

    static RolloutRecord withWeight(RolloutRecord r, int weight) {
        return r.with(r.phase(), weight, r.history(), r.analyses(), r.updatedAt());
    }

    static RolloutRecord withPhase(RolloutRecord r, Phase phase) {
        return r.with(phase, r.weight(), r.history(), r.analyses(), r.updatedAt());
    }
}
