package io.canarygate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.core.Json;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.testkit.RequiredTool;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo end to end, in-process, as {@code canarygate demo --fast} runs it: the real engine on the embedded cluster,
 * the demo services under generated traffic, judged once by the built-in evaluator and once by a real Prometheus.
 */
class DemoTest {
    @TempDir
    Path out;

    private final ByteArrayOutputStream console = new ByteArrayOutputStream();

    @Test
    void builtInEvaluatorPromotesAHealthyCanaryThroughEveryStage() throws IOException {
        Demo.Outcome outcome = run(Demo.MetricsMode.BUILTIN);

        assertPromotedThroughEveryStage(outcome);
        assertThat(text()).contains("metrics: built-in evaluator (install prometheus to use a real one)");
    }

    @Test
    void builtInEvaluatorRollsBackWhenTheCanarysSuccessRateFallsToNinetyPercentAtTwentyFive() throws IOException {
        Demo.Outcome outcome = run(Demo.MetricsMode.BUILTIN, "success-rate=0.9@25");

        assertRolledBackAtTwentyFiveOn(outcome, "success-rate");
    }

    @Test
    void prometheusPromotesAHealthyCanaryThroughEveryStage() throws IOException {
        RequiredTool.require("prometheus");
        Demo.Outcome outcome = run(Demo.MetricsMode.PROMETHEUS);

        assertPromotedThroughEveryStage(outcome);
        assertThat(outcome.metrics()).startsWith("prometheus http://127.0.0.1:");
    }

    @Test
    void prometheusRollsBackWhenTheCanarysP95LatencyRisesToOneAndAHalfSecondsAtTwentyFive() throws IOException {
        RequiredTool.require("prometheus");
        Demo.Outcome outcome = run(Demo.MetricsMode.PROMETHEUS, "p95-latency=1.5@25");

        assertRolledBackAtTwentyFiveOn(outcome, "p95-latency");
    }

    @Test
    void runsAUsersOwnCanaryYamlWithTheReplicaRouter() throws IOException {
        Path config = out.resolve("my-canary.yaml");
        Files.writeString(
                config,
                """
                target:
                  namespace: payments
                  deployment: ledger
                  images: [{container: api, image: registry.example/ledger:2.0.0}]
                traffic:
                  router: replicas
                metrics:
                  prometheus:
                    url: http://prometheus.monitoring:9090
                    auth: {bearer: {env: LEDGER_PROM_TOKEN}}
                objectives:
                  - name: errors
                    query: sum(rate(http_requests_total{app="ledger",version="canary",code=~"5.."}[15s])) / sum(rate(http_requests_total{app="ledger",version="canary"}[15s]))
                    op: "<="
                    threshold: 0.02
                    minEvidence: {query: 'sum(increase(http_requests_total{version="canary"}[15s]))', min: 20}
                steps:
                  - weight: 20
                    analysis: {duration: 4s, interval: 2s}
                  - weight: 50
                    analysis: {duration: 4s, interval: 2s}
                notify:
                  - webhook: {url: {env: LEDGER_HOOK_URL}}
                """);

        int exit = DemoMain.run(
                new PrintStream(console, true, StandardCharsets.UTF_8),
                "--config",
                config.toString(),
                "--metrics",
                "builtin",
                "--fast",
                "--seed",
                "7",
                "--out",
                out.resolve("run").toString());

        assertThat(exit).as(text()).isZero();
        assertThat(text()).contains("payments/ledger").contains("stage 2/2").contains("final phase: PROMOTED");
        assertThat(out.resolve("run/canary-report.md")).exists();
    }

    @Test
    void promotesTheExampleRunbookAsDocsDemoMdSays() {
        // examples/canary.yaml uses canaryLabels with the replicas router: the stable pods get version: stable, the
        // Service keeps selecting both, so the canary gets its share (docs/demo.md runs it with these flags).
        Path example = Path.of("..", "examples", "canary.yaml").toAbsolutePath().normalize();

        int exit = DemoMain.run(
                new PrintStream(console, true, StandardCharsets.UTF_8),
                "--config",
                example.toString(),
                "--metrics",
                "builtin",
                "--fast",
                "--rps",
                "300",
                "--seed",
                "7",
                "--out",
                out.resolve("example").toString());

        assertThat(exit).as(text()).isZero();
        assertThat(text()).contains("shop/checkout").contains("final phase: PROMOTED");
        assertThat(text()).doesNotContain("traffic: 0% of requests reach the canary");
    }

    @Test
    void refusesAQueryTheBuiltInEvaluatorCannotRunBeforeStartingAnything() throws IOException {
        Path config = out.resolve("odd.yaml");
        Files.writeString(
                config,
                """
                target: {deployment: shop, image: registry.example/shop:2.0.0}
                metrics: {prometheus: {url: http://prometheus:9090}}
                objectives:
                  - name: cpu
                    query: avg_over_time(process_cpu_seconds_total[5m])
                    op: "<="
                    threshold: 0.8
                steps:
                  - weight: 20
                    analysis: {duration: 4s, interval: 2s}
                """);

        int exit = DemoMain.run(
                new PrintStream(console, true, StandardCharsets.UTF_8),
                "--config",
                config.toString(),
                "--metrics",
                "builtin");

        assertThat(exit).isEqualTo(2);
        assertThat(text())
                .contains("function avg_over_time() is not supported")
                .contains("install prometheus")
                .doesNotContain("stage 1/");
    }

    private Demo.Outcome run(Demo.MetricsMode metrics, String... faults) {
        List<Fault> parsed = java.util.Arrays.stream(faults).map(Fault::parse).toList();
        Demo.Options options = new Demo.Options(Optional.empty(), parsed, metrics, true, false, out, 200, 42, false);
        try {
            return Demo.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));
        } finally {
            System.out.print(text());
        }
    }

    private void assertPromotedThroughEveryStage(Demo.Outcome outcome) throws IOException {
        RolloutRecord record = outcome.record();
        assertThat(outcome.phase()).as(text()).isEqualTo(Phase.PROMOTED);
        assertThat(outcome.expected()).isTrue();
        assertThat(record.analyses())
                .extracting(AnalysisRecord::weight, AnalysisRecord::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(10, "PASS"),
                        org.assertj.core.groups.Tuple.tuple(25, "PASS"),
                        org.assertj.core.groups.Tuple.tuple(50, "PASS"),
                        org.assertj.core.groups.Tuple.tuple(100, "PASS"));
        assertThat(outcome.status().canaryReplicas())
                .as("the canary is gone after promotion")
                .isZero();
        assertThat(text())
                .contains("stage 1/4 · canary weight 10%")
                .contains("stage 4/4 · canary weight 100%")
                .contains("approval gate (step 3): auto-approved in the demo")
                .contains("final phase: PROMOTED")
                // demo-canary.yaml's canaryLabels: {track: canary}, and track: stable on the stable side
                .contains("traffic: 10% of requests reach the canary;")
                .doesNotContain("also selects the canary pods");

        String markdown = Files.readString(outcome.reports().markdown());
        assertThat(markdown).contains("success-rate").contains("p95-latency");
        assertThat(Files.readString(outcome.reports().junit()))
                .contains("<testcase")
                .contains("success-rate")
                .doesNotContain("<failure");
        JsonNode json = Json.mapper().readTree(outcome.reports().json().toFile());
        assertThat(json.toString()).contains("PROMOTED");
        assertThat(out.resolve("kubeconfig")).exists();
    }

    private void assertRolledBackAtTwentyFiveOn(Demo.Outcome outcome, String objective) throws IOException {
        RolloutRecord record = outcome.record();
        assertThat(outcome.phase()).as(text()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(outcome.expected()).isTrue();
        assertThat(record.weight()).isZero();
        assertThat(outcome.status().routerWeight())
                .as("all traffic back on stable")
                .isZero();
        assertThat(outcome.status().canaryReplicas()).as("canary scaled down").isZero();
        assertThat(record.analyses())
                .extracting(AnalysisRecord::weight, AnalysisRecord::verdict)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(10, "PASS"),
                        org.assertj.core.groups.Tuple.tuple(25, "FAIL"));
        assertThat(record.analyses().get(1).reason()).contains(objective);
        assertThat(record.history()).extracting(Transition::reason).anySatisfy(r -> assertThat(r)
                .contains(objective));
        assertThat(text()).contains("fault injected").contains("final phase: ROLLED_BACK");

        assertThat(Files.readString(outcome.reports().markdown())).contains(objective);
        assertThat(Files.readString(outcome.reports().junit()))
                .contains("<failure")
                .contains(objective);
        assertThat(Json.mapper().readTree(outcome.reports().json().toFile()).toString())
                .contains("ROLLED_BACK");
    }

    private String text() {
        return console.toString(StandardCharsets.UTF_8);
    }
}
