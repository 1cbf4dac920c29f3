package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.MetricsExporter;
import io.canarygate.testkit.MockCluster;
import io.canarygate.testkit.PrometheusServer;
import io.canarygate.testkit.RequiredTool;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The action's entrypoint as the runner starts it: a child JVM whose environment is exactly what the runner gives a
 * container step (INPUT_* with hyphens kept, GITHUB_OUTPUT / GITHUB_STEP_SUMMARY / GITHUB_STATE files, GITHUB_WORKSPACE
 * as the working directory), against the fabric8 mock cluster and a real Prometheus scraping the fault-injecting
 * exporter. Prometheus sits behind a proxy that requires the token given as the {@code prometheus-token} input.
 */
class ActionEntrypointTest {
    static final String TOKEN = "prom-tok-5f0c9e2a";
    static final String NS = "shop";
    static final String OLD_IMAGE = "ghcr.io/acme/checkout:1.3.0";
    static final String NEW_IMAGE = "ghcr.io/acme/checkout:1.4.0";
    static final String CANARY_ERRORS = "sum(rate(http_requests_total{version=\"canary\",code=\"500\"}[10s]))"
            + " / sum(rate(http_requests_total{version=\"canary\"}[10s]))";

    static MockCluster cluster;
    static MetricsExporter exporter;
    static PrometheusServer prometheus;
    static TokenGate gate;

    @TempDir
    Path root;

    RunnerLayout runner;

    @BeforeAll
    static void start() throws Exception {
        RequiredTool.require("prometheus");
        cluster = MockCluster.start();
        exporter = MetricsExporter.start();
        exporter.setErrorRatio(MetricsExporter.CANARY, 0.0);
        prometheus = PrometheusServer.scrape("checkout", Duration.ofSeconds(1), exporter.target());
        prometheus.awaitUp("checkout", Duration.ofSeconds(60));
        prometheus.awaitResult(CANARY_ERRORS, Duration.ofSeconds(60));
        gate = new TokenGate(prometheus.url(), TOKEN);
    }

    @AfterAll
    static void stop() {
        for (AutoCloseable c : new AutoCloseable[] {gate, prometheus, exporter, cluster}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // best effort
            }
        }
    }

    /** Heals the canary and waits until Prometheus's window no longer shows the fault, so tests can run in any order. */
    @AfterEach
    void healthyAgain() {
        exporter.setErrorRatio(MetricsExporter.CANARY, 0.0);
        prometheus.awaitResult(CANARY_ERRORS + " < 0.01", Duration.ofSeconds(60));
    }

    String canaryYaml(String deployment) {
        return """
                name: %s
                target:
                  namespace: shop
                  deployment: %s
                  image: %s
                readyTimeout: 30s
                metrics:
                  prometheus:
                    url: %s
                    auth: {bearer: {env: PROM_TOKEN}}
                    retries: 1
                    retryBackoff: 100ms
                objectives:
                  - name: error-rate
                    query: '%s'
                    op: "<="
                    threshold: 0.05
                    consecutive: 2
                steps:
                  - weight: 10
                    analysis: {duration: 6s, interval: 2s}
                  - weight: 50
                    analysis: {duration: 6s, interval: 2s}
                """
                .formatted(deployment, deployment, OLD_IMAGE, gate.url(), CANARY_ERRORS);
    }

    /** Prepares the workspace of one job: canary.yaml and a kubeconfig file, both from the repository. */
    void workspace(String deployment) throws Exception {
        runner = new RunnerLayout(root);
        Files.writeString(runner.workspace.resolve("canary.yaml"), canaryYaml(deployment));
        cluster.writeKubeconfig(runner.workspace.resolve(".kube/config.yaml"));
    }

    /** One step: {@code uses: canary-gate/canary-gate@v1} with {@code inputs}. */
    ChildProcess.Result step(Map<String, String> inputs) throws Exception {
        Map<String, String> env = new LinkedHashMap<>(runner.hostEnv("98765"));
        env.put("INPUT_CONFIG", "canary.yaml");
        env.put("INPUT_REPORT-DIR", "canary-gate-report");
        env.put("INPUT_KUBECONFIG", ".kube/config.yaml");
        env.put("INPUT_PROMETHEUS-TOKEN", TOKEN);
        inputs.forEach((k, v) -> env.put("INPUT_" + k.toUpperCase(java.util.Locale.ROOT), v));
        Files.writeString(runner.output, "");
        Files.writeString(runner.summary, "");
        ChildProcess.Result r = ChildProcess.run(runner.workspace, env, List.of(), 120);
        assertNoTokenAnywhere(r);
        return r;
    }

    void assertNoTokenAnywhere(ChildProcess.Result r) throws Exception {
        assertThat(r.out()).doesNotContain(TOKEN.substring(0, 0) + "Bearer " + TOKEN);
        // The only place the token may appear is the mask command that hides it, printed first.
        assertThat(r.out().lines().findFirst()).contains("::add-mask::" + TOKEN);
        assertThat(r.out().lines().filter(l -> l.equals("::add-mask::" + TOKEN)))
                .hasSize(1);
        assertThat(r.out().replace("::add-mask::" + TOKEN, "")).doesNotContain(TOKEN);
        assertThat(r.err()).doesNotContain(TOKEN);
        for (Path f : runner.writtenFiles(root)) {
            assertThat(Files.readString(f, StandardCharsets.UTF_8))
                    .as(f.toString())
                    .doesNotContain(TOKEN);
        }
        assertThat(cluster.client()
                        .configMaps()
                        .inAnyNamespace()
                        .list()
                        .getItems()
                        .toString())
                .doesNotContain(TOKEN);
    }

    /** Parses $GITHUB_OUTPUT as the runner does: name=value lines and name<<DELIMITER blocks. */
    Map<String, String> outputs() throws Exception {
        Map<String, String> outputs = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(runner.output);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int heredoc = line.indexOf("<<");
            int eq = line.indexOf('=');
            if (heredoc > 0 && (eq < 0 || heredoc < eq)) {
                String delimiter = line.substring(heredoc + 2);
                StringBuilder value = new StringBuilder();
                for (i++; !lines.get(i).equals(delimiter); i++) {
                    value.append(value.length() == 0 ? "" : "\n").append(lines.get(i));
                }
                outputs.put(line.substring(0, heredoc), value.toString());
            } else if (eq > 0) {
                outputs.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return outputs;
    }

    Deployment deployment(String name) {
        return cluster.client()
                .apps()
                .deployments()
                .inNamespace(NS)
                .withName(name)
                .get();
    }

    static String image(Deployment d) {
        return d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }

    @Test
    void deploysWaitsAndPromotesAcrossThreeSteps() throws Exception {
        cluster.createStable(NS, "checkout", OLD_IMAGE, 3);
        cluster.awaitReady(NS, "checkout");
        workspace("checkout");

        ChildProcess.Result deploy = step(Map.of("command", "deploy", "weight", "10", "image", NEW_IMAGE));
        assertThat(deploy.exit()).as(deploy.all()).isZero();
        assertThat(outputs())
                .containsEntry("rollout", "checkout")
                .containsEntry("phase", "RUNNING")
                .containsEntry("weight", "10")
                .containsEntry("report", "canary-gate-report");
        assertThat(deploy.out()).contains("::add-mask::mock-token");
        assertThat(Files.readString(runner.summary)).contains("checkout").contains("RUNNING");
        assertThat(runner.workspace.resolve("canary-gate-report/canary-report.json"))
                .exists();
        assertThat(image(deployment("checkout"))).isEqualTo(OLD_IMAGE);
        assertThat(image(deployment("checkout-canary"))).isEqualTo(NEW_IMAGE);

        ChildProcess.Result status = step(Map.of("command", "status"));
        assertThat(status.exit()).as(status.all()).isZero();
        assertThat(status.out())
                .contains("RUNNING", "10% canary", "█", NEW_IMAGE + " (canary)", OLD_IMAGE + " (stable)");

        int before = gate.authorized.get();
        ChildProcess.Result wait = step(Map.of("command", "wait", "image", NEW_IMAGE));
        assertThat(wait.exit()).as(wait.all()).isZero();
        assertThat(outputs()).containsEntry("verdict", "PASS").containsEntry("phase", "RUNNING");
        assertThat(wait.out()).contains("::group::").contains("::endgroup::").contains("error-rate");
        assertThat(gate.authorized.get()).as("queries that carried the token").isGreaterThan(before);
        assertThat(gate.refused.get()).as("queries without the token").isZero();
        assertThat(Files.readString(runner.summary)).contains("PASS");

        ChildProcess.Result promote = step(Map.of("command", "promote", "image", NEW_IMAGE));
        assertThat(promote.exit()).as(promote.all()).isZero();
        assertThat(outputs()).containsEntry("phase", "PROMOTED");
        assertThat(image(deployment("checkout"))).isEqualTo(NEW_IMAGE);
        assertThat(runner.workspace.resolve("canary-gate-report/canary-junit.xml"))
                .exists();
    }

    @Test
    void rollsBackWhenTheErrorRateBreachesDuringTheWait() throws Exception {
        cluster.createStable(NS, "payments", OLD_IMAGE, 2);
        cluster.awaitReady(NS, "payments");
        workspace("payments");

        ChildProcess.Result deploy = step(Map.of("command", "deploy", "image", NEW_IMAGE));
        assertThat(deploy.exit()).as(deploy.all()).isZero();
        assertThat(outputs()).containsEntry("weight", "10");

        exporter.setErrorRatio(MetricsExporter.CANARY, 0.5);
        prometheus.awaitResult(CANARY_ERRORS + " > 0.3", Duration.ofSeconds(30));
        ChildProcess.Result wait = step(Map.of("command", "wait", "image", NEW_IMAGE, "duration", "20s"));
        assertThat(wait.exit()).as(wait.all()).isEqualTo(ExitCode.GATE_FAILED);
        Map<String, String> outputs = outputs();
        assertThat(outputs).containsEntry("verdict", "FAIL").containsEntry("phase", "ROLLED_BACK");
        assertThat(outputs.get("reason")).contains("error-rate");
        assertThat(wait.err()).contains("::error title=Canary Gate%3A gate failed::verdict FAIL");
        assertThat(Files.readString(runner.summary)).contains("FAIL");
        assertThat(image(deployment("payments"))).as("stable untouched").isEqualTo(OLD_IMAGE);

        ChildProcess.Result rollback =
                step(Map.of("command", "rollback", "image", NEW_IMAGE, "reason", "error spike seen by the test"));
        assertThat(rollback.exit()).as(rollback.all()).isZero();
        assertThat(outputs()).containsEntry("phase", "ROLLED_BACK").containsEntry("weight", "0");
        Deployment canary = deployment("payments-canary");
        assertThat(canary == null || canary.getSpec().getReplicas() == 0).isTrue();
    }
}
