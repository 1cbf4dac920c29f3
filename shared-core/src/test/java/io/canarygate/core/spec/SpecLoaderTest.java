package io.canarygate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.analysis.BreachAction;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.NoDataPolicy;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecLoaderTest {
    private static final String MINIMAL = "target:\n  deployment: checkout\n  image: ghcr.io/acme/checkout:1.4.0\n";

    static Path resource(String name) {
        try {
            return Path.of(SpecLoaderTest.class.getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void readsEveryFieldOfAFullSpecIntoTheRecords() {
        RolloutSpec spec = SpecLoader.load(resource("/spec/valid/full.yaml"), Map.of());

        Objective successRate = new Objective(
                "success-rate",
                "sum(rate(http_requests_total{version=\"canary\",code!~\"5..\"}[1m])) /"
                        + " sum(rate(http_requests_total{version=\"canary\"}[1m]))",
                Comparison.GE,
                0.995,
                3,
                Optional.of(5),
                Optional.of(new Objective.Evidence("sum(increase(http_requests_total{version=\"canary\"}[5m]))", 100)),
                NoDataPolicy.FAIL,
                Optional.of(2),
                BreachAction.PAUSE);
        Objective latency = new Objective(
                "p95-latency",
                "histogram_quantile(0.95, sum by (le)"
                        + " (rate(http_request_duration_seconds_bucket{version=\"canary\"}[5m])))",
                Comparison.LE,
                0.5,
                Objective.DEFAULT_CONSECUTIVE_LIMIT,
                Optional.empty(),
                Optional.empty(),
                NoDataPolicy.INCONCLUSIVE,
                Optional.empty(),
                BreachAction.ROLLBACK);
        RolloutSpec expected = new RolloutSpec(
                "checkout-canary",
                new TargetSpec(
                        "shop",
                        "checkout",
                        List.of(
                                new TargetSpec.ContainerImage("app", "ghcr.io/acme/checkout:1.4.0"),
                                new TargetSpec.ContainerImage(
                                        "envoy",
                                        "docker.io/envoyproxy/envoy@sha256:"
                                                + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"))),
                new RouterSpec.NginxIngress("checkout", Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always"))),
                Optional.of(new MetricsSpec.Prometheus(
                        URI.create("https://thanos.monitoring:9090/prometheus"),
                        new MetricsSpec.Auth.Basic("canary-gate", SecretRef.ofFile("/run/secrets/prom-password")),
                        Map.of("X-Scope-OrgID", "team-a"),
                        new MetricsSpec.Tls(Optional.of("/etc/ssl/ca.pem"), true),
                        Duration.ofSeconds(2),
                        Duration.ofSeconds(20),
                        5,
                        Duration.ofMillis(250))),
                List.of(successRate, latency),
                List.of(
                        new StepSpec.Weight(
                                10,
                                Optional.of(new StepSpec.Analysis(Duration.ofMinutes(30), Duration.ofMinutes(1))),
                                Map.of("success-rate", 0.99)),
                        new StepSpec.Pause(Optional.empty()),
                        new StepSpec.Pause(Optional.of(Duration.ofMinutes(10))),
                        new StepSpec.Pause(Optional.empty()),
                        new StepSpec.Weight(
                                50,
                                // interval defaults to 30s, or the whole duration when that is shorter
                                Optional.of(new StepSpec.Analysis(Duration.ofSeconds(10), Duration.ofSeconds(10))),
                                Map.of()),
                        new StepSpec.Weight(100, Optional.empty(), Map.of())),
                new RollbackSpec(RollbackMode.GRADUAL, false, 20, Duration.ofMinutes(1)),
                List.of(
                        new NotifySpec.Slack(
                                SecretRef.ofEnv("SLACK_WEBHOOK_URL"),
                                Set.of(
                                        NotifyEvent.DEPLOYED,
                                        NotifyEvent.ANALYSIS_FAILED,
                                        NotifyEvent.PROMOTED,
                                        NotifyEvent.ROLLED_BACK)),
                        new NotifySpec.Webhook(
                                SecretRef.ofEnv("HOOK_URL"),
                                Optional.of(SecretRef.ofFile("/run/secrets/hook-hmac")),
                                Set.of(
                                        NotifyEvent.WEIGHT_CHANGED,
                                        NotifyEvent.ANALYSIS_PASSED,
                                        NotifyEvent.ANALYSIS_INCONCLUSIVE))),
                Duration.ofMinutes(10));

        assertThat(spec).isEqualTo(expected);
    }

    @Test
    void fillsEveryDefaultForAMinimalSpec() {
        RolloutSpec spec = SpecLoader.parse(MINIMAL, "canary.yaml", Map.of());

        assertThat(spec)
                .isEqualTo(new RolloutSpec(
                        "checkout",
                        new TargetSpec(
                                "default",
                                "checkout",
                                List.of(new TargetSpec.ContainerImage(null, "ghcr.io/acme/checkout:1.4.0"))),
                        new RouterSpec.ReplicaRatio(),
                        Optional.empty(),
                        List.of(),
                        List.of(),
                        RollbackSpec.DEFAULT,
                        List.of(),
                        RolloutSpec.DEFAULT_READY_TIMEOUT));
    }

    @Test
    void fillsPrometheusObjectiveAndNotifyDefaults() {
        RolloutSpec spec = SpecLoader.parse(
                MINIMAL
                        + "metrics: {prometheus: {url: http://prometheus:9090}}\n"
                        + "objectives: [{name: errors, query: up, op: \"<\", threshold: 0.01}]\n"
                        + "notify: [{slack: {webhookUrl: {env: SLACK}}}]\n",
                "canary.yaml",
                Map.of());

        assertThat(spec.metrics())
                .contains(new MetricsSpec.Prometheus(
                        URI.create("http://prometheus:9090"),
                        new MetricsSpec.Auth.None(),
                        Map.of(),
                        MetricsSpec.Tls.DEFAULT,
                        MetricsSpec.Prometheus.DEFAULT_CONNECT_TIMEOUT,
                        MetricsSpec.Prometheus.DEFAULT_TIMEOUT,
                        MetricsSpec.Prometheus.DEFAULT_RETRIES,
                        MetricsSpec.Prometheus.DEFAULT_RETRY_BACKOFF));
        assertThat(spec.objectives())
                .containsExactly(new Objective(
                        "errors",
                        "up",
                        Comparison.LT,
                        0.01,
                        Objective.DEFAULT_CONSECUTIVE_LIMIT,
                        Optional.empty(),
                        Optional.empty(),
                        NoDataPolicy.INCONCLUSIVE,
                        Optional.empty(),
                        BreachAction.ROLLBACK));
        assertThat(spec.notifications().get(0).on()).isEqualTo(EnumSet.allOf(NotifyEvent.class));
    }

    @Test
    void overridesWinOverTheFile() {
        RolloutSpec spec = SpecLoader.load(
                resource("/spec/valid/full.yaml"),
                Map.of(
                        "name", "checkout-hotfix",
                        "target.namespace", "shop-eu",
                        "target.deployment", "checkout-eu",
                        "readyTimeout", "2m",
                        "metrics.prometheus.url", "http://prometheus.eu:9090",
                        "metrics.prometheus.retries", "1",
                        "metrics.prometheus.auth.basic.password.env", "PROM_PASSWORD",
                        "metrics.prometheus.headers.X-Scope-OrgID", "team-b",
                        "rollback.mode", "immediate",
                        "rollback.automatic", "true"));

        assertThat(spec.name()).isEqualTo("checkout-hotfix");
        assertThat(spec.target().namespace()).isEqualTo("shop-eu");
        assertThat(spec.target().deployment()).isEqualTo("checkout-eu");
        assertThat(spec.readyTimeout()).isEqualTo(Duration.ofMinutes(2));
        MetricsSpec.Prometheus p = (MetricsSpec.Prometheus) spec.metrics().orElseThrow();
        assertThat(p.url()).isEqualTo(URI.create("http://prometheus.eu:9090"));
        assertThat(p.retries()).isEqualTo(1);
        assertThat(p.auth()).isEqualTo(new MetricsSpec.Auth.Basic("canary-gate", SecretRef.ofEnv("PROM_PASSWORD")));
        assertThat(p.headers()).isEqualTo(Map.of("X-Scope-OrgID", "team-b"));
        assertThat(spec.rollback())
                .isEqualTo(new RollbackSpec(RollbackMode.IMMEDIATE, true, 20, Duration.ofMinutes(1)));
    }

    @Test
    void imageAndRouterOverridesReplaceTheFilesValues() {
        RolloutSpec spec = SpecLoader.parse(
                MINIMAL,
                "canary.yaml",
                Map.of(
                        "target.image", "ghcr.io/acme/checkout:1.4.1",
                        "traffic.router", "nginx",
                        "traffic.nginx.ingress", "checkout-ingress"));

        assertThat(spec.target().images())
                .containsExactly(new TargetSpec.ContainerImage(null, "ghcr.io/acme/checkout:1.4.1"));
        assertThat(spec.traffic()).isEqualTo(new RouterSpec.NginxIngress("checkout-ingress", Optional.empty()));
    }

    @Test
    void anOverrideIsCheckedAgainstTheRestOfTheFile() {
        // router replicas from an override leaves the file's nginx block unread, which is reported, not ignored
        assertThatThrownBy(() -> SpecLoader.parse(
                        MINIMAL + "traffic: {router: nginx, nginx: {ingress: checkout}}\n",
                        "canary.yaml",
                        Map.of("traffic.router", "replicas")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("traffic.nginx: is only read with traffic.router nginx");
    }

    @Test
    void queriesNameTheTargetThroughVariablesThatFollowTheOverrides() {
        String yaml = MINIMAL
                + "metrics: {prometheus: {url: http://prometheus:9090}}\n"
                + "objectives:\n"
                + "  - name: errors\n"
                + "    query: 'rate(errors{namespace=\"${namespace}\",app=\"${deployment}\",rollout=\"${rollout}\"}[1m])'\n"
                + "    op: \"<=\"\n"
                + "    threshold: 0.05\n"
                + "    minEvidence: {query: 'sum(requests{app=\"${deployment}\"})', min: 10}\n"
                + "    compare: {baseline: 'rate(errors{app=\"${deployment}\",track=\"stable\"}[1m]) + $${x}'}\n";

        RolloutSpec file = SpecLoader.parse(yaml, "canary.yaml", Map.of());
        RolloutSpec shared = SpecLoader.parse(
                yaml, "canary.yaml", Map.of("target.namespace", "payments", "target.deployment", "ledger"));

        assertThat(file.objectives().get(0).query())
                .isEqualTo("rate(errors{namespace=\"default\",app=\"checkout\",rollout=\"checkout\"}[1m])");
        assertThat(shared.objectives().get(0).query())
                .isEqualTo("rate(errors{namespace=\"payments\",app=\"ledger\",rollout=\"ledger\"}[1m])");
        assertThat(shared.objectives().get(0).minEvidence().orElseThrow().query())
                .isEqualTo("sum(requests{app=\"ledger\"})");
        assertThat(shared.objectives().get(0).baseline().orElseThrow().query())
                .as("$${ is a literal ${")
                .isEqualTo("rate(errors{app=\"ledger\",track=\"stable\"}[1m]) + ${x}");
    }

    @Test
    void anUnknownOrUnclosedVariableIsAnErrorNamingTheFieldAndTheVariables() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        MINIMAL
                                + "metrics: {prometheus: {url: http://prometheus:9090}}\n"
                                + "objectives:\n"
                                + "  - {name: a, query: 'up{app=\"${app}\"}', op: \">=\", threshold: 1}\n"
                                + "  - {name: b, query: 'up + ${deployment', op: \">=\", threshold: 1}\n",
                        "canary.yaml",
                        Map.of()));

        assertThat(e.errors())
                .extracting(SpecError::message)
                .containsExactly(
                        "objectives[0].query: \"${app}\" is not a variable of canary.yaml; write one of"
                                + " ${namespace}, ${deployment}, ${rollout} (the target's), or $${ for a literal ${ (line 6)",
                        "objectives[1].query: \"${deployment\" opens a variable it does not close; write one of"
                                + " ${namespace}, ${deployment}, ${rollout} (the target's), or $${ for a literal ${ (line 7)");
    }

    @Test
    void anOverrideCanSupplyAFieldTheFileLacks() {
        RolloutSpec spec = SpecLoader.parse(
                "target: {deployment: checkout}\n", "canary.yaml", Map.of("target.image", "ghcr.io/acme/checkout:2"));

        assertThat(spec.target().images())
                .containsExactly(new TargetSpec.ContainerImage(null, "ghcr.io/acme/checkout:2"));
    }

    @Test
    void anInvalidOverrideIsReportedLikeTheSameMistakeInTheFile() {
        InvalidSpecException fromOverride = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        MINIMAL, "canary.yaml", Map.of("readyTimeout", "fast", "metrics.prometheus.retries", "many")));
        InvalidSpecException fromFile = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        MINIMAL + "readyTimeout: fast\nmetrics: {prometheus: {retries: many}}\n",
                        "canary.yaml",
                        Map.of()));

        // The same errors, except that the file's carry its lines
        assertThat(fromOverride.errors())
                .isEqualTo(fromFile.errors().stream().map(e -> e.onLine(0)).toList());
        assertThat(fromFile.errors()).extracting(SpecError::line).containsOnly(4, 5);
        assertThat(fromOverride.errors())
                .extracting(SpecError::message)
                .contains("readyTimeout: \"fast\" is not a duration; write e.g. 30s, 5m or 2h");
        assertThat(fromOverride.getMessage()).startsWith("canary.yaml (with overrides");
    }

    @Test
    void readsTheLabelsTheCanaryPodsCarryInsteadOfTheStablePods() {
        RolloutSpec spec = SpecLoader.parse(
                MINIMAL + "  canaryLabels: {track: canary, app.kubernetes.io/version: \"1.4\", empty: \"\"}\n",
                "canary.yaml",
                Map.of("target.canaryLabels.tier", "web"));

        assertThat(spec.target().canaryLabels())
                .containsExactly(
                        Map.entry("app.kubernetes.io/version", "1.4"),
                        Map.entry("empty", ""),
                        Map.entry("tier", "web"),
                        Map.entry("track", "canary"));
        assertThat(SpecLoader.parse(MINIMAL, "canary.yaml", Map.of()).target().canaryLabels())
                .isEmpty();
    }

    @Test
    void aCanaryLabelThatKubernetesWouldRefuseIsAnErrorNamingItAndTheFix() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        MINIMAL + "  canaryLabels:\n"
                                + "    -bad: canary\n"
                                + "    track: \"not a value\"\n"
                                + "    canarygate.io/role: x\n"
                                + "    pod-template-hash: abc\n"
                                + "    list: [a]\n",
                        "canary.yaml",
                        Map.of()));

        assertThat(e.errors())
                .extracting(SpecError::message)
                .containsExactly(
                        "target.canaryLabels.-bad: \"-bad\" is not a label key; use letters, digits, '-', '_' and"
                                + " '.' (at most 63, starting and ending with a letter or digit), optionally after a"
                                + " DNS prefix and '/', e.g. track (line 5)",
                        "target.canaryLabels.track: \"not a value\" is not a label value; use at most 63 letters,"
                                + " digits, '-', '_' and '.', starting and ending with a letter or digit, e.g. canary (line 6)",
                        "target.canaryLabels.canarygate.io/role: \"canarygate.io/role\" is set by Canary Gate"
                                + " itself; choose a label of your own, e.g. track: canary (line 7)",
                        "target.canaryLabels.pod-template-hash: \"pod-template-hash\" is set by Kubernetes itself;"
                                + " choose a label of your own, e.g. track: canary (line 8)",
                        "target.canaryLabels.list: \"[...]\" is not a label value; use at most 63 letters, digits,"
                                + " '-', '_' and '.', starting and ending with a letter or digit, e.g. canary (line 9)");
    }

    private static final String COMPARED = MINIMAL
            + "metrics: {prometheus: {url: http://p:9090}}\n"
            + "objectives:\n"
            + "  - name: latency-vs-stable\n"
            + "    query: q_canary\n"
            + "    op: \"<=\"\n"
            + "    threshold: 0.1\n";

    @Test
    void readsAComparisonWithTheBaselineAndFillsItsDefaults() {
        Objective o = SpecLoader.parse(COMPARED + "    compare: {baseline: q_stable}\n", "canary.yaml", Map.of())
                .objectives()
                .get(0);
        Objective tuned = SpecLoader.parse(
                        COMPARED + "    compare: {baseline: q_stable, lookback: 20m, step: 1m, confidence: 0.99}\n",
                        "canary.yaml",
                        Map.of())
                .objectives()
                .get(0);

        assertThat(o.baseline())
                .contains(new Objective.Baseline("q_stable", Duration.ofMinutes(10), Duration.ofSeconds(30), 0.95));
        assertThat(o.describe()).isEqualTo("latency-vs-stable <= baseline +10%");
        assertThat(tuned.baseline())
                .contains(new Objective.Baseline("q_stable", Duration.ofMinutes(20), Duration.ofMinutes(1), 0.99));
        assertThat(SpecLoader.parse(COMPARED, "canary.yaml", Map.of())
                        .objectives()
                        .get(0)
                        .baseline())
                .isEmpty();
    }

    @Test
    void aComparisonThatWouldReadTooManySamplesIsAnErrorWithTheStepThatFits() {
        assertThatThrownBy(() -> SpecLoader.parse(
                        COMPARED + "    compare: {baseline: q_stable, lookback: 24h, step: 15s}\n",
                        "canary.yaml",
                        Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("objectives[0].compare.lookback: \"24h\" holds 5761 samples at step 15s, more"
                        + " than the 1000 a comparison reads; make step at least 1m27s, or lookback shorter");
    }

    @Test
    void aComparisonThatCannotBeJudgedIsAnErrorNamingTheFieldAndTheFix() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        COMPARED.replace("op: \"<=\"", "op: \"<\"").replace("0.1", "-0.1")
                                + "    compare: {lookback: 2m, step: 30s, confidence: 1.5}\n",
                        "canary.yaml",
                        Map.of()));

        assertThat(e.errors())
                .extracting(SpecError::message)
                .containsExactly(
                        "objectives[0].compare.baseline: missing; write the PromQL for the series to compare with, e.g."
                                + " baseline: the same query with track=\"stable\" (line 10)",
                        "objectives[0].compare.confidence: \"1.5\" is not a confidence; write a number from 0.5 to"
                                + " below 1, e.g. 0.95 (the interval that must lie beyond the tolerance) (line 10)",
                        "objectives[0].compare.lookback: \"2m\" holds 5 samples at step 30s, fewer than the 10 a"
                                + " comparison needs; make lookback at least 4m30s, or step shorter (line 10)",
                        "objectives[0].op: \"<\" is not a side of a comparison with the baseline; write op: \"<=\""
                                + " (the canary may not be higher than the baseline by more than the threshold) or"
                                + " op: \">=\" (not lower) (line 8)",
                        "objectives[0].threshold: \"-0.1\" is negative; write the tolerated difference as a"
                                + " fraction of the baseline, e.g. threshold: 0.1 for 10% (line 9)");
    }

    @Test
    void anUnknownOverrideKeyIsAnErrorNamingIt() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(MINIMAL, "canary.yaml", Map.of("target.imag", "ghcr.io/acme/checkout:2")));

        assertThat(e.errors()).hasSize(1);
        assertThat(e.errors().get(0).message())
                .startsWith("overrides: \"target.imag\" is not a field that can be overridden; did you mean"
                        + " target.image?");
    }

    @Test
    void anOverrideCannotSmuggleAnInlineSecret() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        MINIMAL,
                        "canary.yaml",
                        Map.of(
                                "metrics.prometheus.auth.bearer",
                                "s3cr3t-token",
                                "metrics.prometheus.url",
                                "http://p")));

        assertThat(e.getMessage()).contains("overrides: \"metrics.prometheus.auth.bearer\"");
        assertThat(e.getMessage()).doesNotContain("s3cr3t-token");
    }

    @Test
    void aBlankOverrideIsAnErrorNotAFallbackToTheFile() {
        assertThatThrownBy(() -> SpecLoader.parse(MINIMAL, "canary.yaml", Map.of("target.image", " ")))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("target.image: \" \" is empty");
    }

    @Test
    void nameDefaultsToTheDeploymentOnlyWhenThatIsAValidRolloutName() {
        assertThatThrownBy(() -> SpecLoader.parse(
                        "target: {deployment: checkout.v2, image: ghcr.io/acme/checkout:2}\n", "canary.yaml", Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("name: missing; the rollout name defaults to target.deployment, but"
                        + " \"checkout.v2\" is not a DNS-1123 label");
    }

    @Test
    void objectivesWithAnEmptyMetricsSectionAreRefused() {
        assertThatThrownBy(() -> SpecLoader.parse(
                        MINIMAL + "metrics:\nobjectives: [{name: errors, query: up, op: \"<\", threshold: 0.01}]\n",
                        "canary.yaml",
                        Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("metrics: missing; objectives are measured by a metric source");
    }

    @Test
    void placesEachErrorOnTheLineOfItsField() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.load(resource("/spec/invalid/57-many-errors-at-once.yaml"), Map.of()));

        Map<String, Integer> lines = new java.util.HashMap<>();
        e.errors().forEach(err -> lines.put(err.path(), err.line()));
        assertThat(lines)
                .containsEntry("name", 13)
                .containsEntry("readyTimeout", 16)
                .containsEntry("objectives[0].consecutve", 24)
                .containsEntry("objectives[0].threshold", 21) // missing: the line of its objective
                .containsEntry("steps[0].weight", 26)
                .containsEntry("steps[1].analysis.duration", 28)
                .containsEntry("notify[0].slack.webhookUrl", 30);
        assertThat(e.getMessage())
                .contains("readyTimeout: \"soon\" is not a duration; write e.g. 30s, 5m or 2h (line 16)");
    }

    @Test
    void anErrorInAnOverrideIsNotPlacedOnTheFilesLine() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(MINIMAL + "readyTimeout: 5m\n", "canary.yaml", Map.of("readyTimeout", "fast")));

        assertThat(e.errors()).singleElement().satisfies(err -> {
            assertThat(err.path()).isEqualTo("readyTimeout");
            assertThat(err.line()).isZero();
            assertThat(err.message()).doesNotContain("(line");
        });
    }

    @Test
    void expandsAnchorsAliasesAndMergeKeys() {
        RolloutSpec spec = SpecLoader.parse(
                MINIMAL
                        + """
                        metrics: {prometheus: {url: http://prometheus:9090}}
                        objectives:
                          - &errors {name: errors, query: up, op: "<", threshold: 0.01, consecutive: 2}
                          - <<: *errors
                            name: errors-strict
                            threshold: 0.001
                        steps:
                          - weight: 10
                            analysis: &stage {duration: 15m, interval: 1m}
                          - weight: 20
                            analysis: *stage
                          - weight: 30
                            analysis:
                              <<: *stage
                              duration: 5m
                        """,
                "canary.yaml",
                Map.of());

        assertThat(spec.objectives())
                .extracting(Objective::name, Objective::threshold, Objective::consecutiveLimit)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("errors", 0.01, 2),
                        org.assertj.core.groups.Tuple.tuple("errors-strict", 0.001, 2));
        assertThat(spec.steps())
                .extracting(s -> ((StepSpec.Weight) s).analysis().orElseThrow())
                .containsExactly(
                        new StepSpec.Analysis(Duration.ofMinutes(15), Duration.ofMinutes(1)),
                        new StepSpec.Analysis(Duration.ofMinutes(15), Duration.ofMinutes(1)),
                        new StepSpec.Analysis(Duration.ofMinutes(5), Duration.ofMinutes(1)));
    }

    @Test
    void refusesAnAliasBombInsteadOfExpandingIt() {
        StringBuilder yaml = new StringBuilder(MINIMAL).append("x0: &a0 [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n");
        for (int i = 1; i <= 6; i++) {
            String prev = "*a" + (i - 1);
            yaml.append("x").append(i).append(": &a").append(i).append(" [");
            yaml.append(String.join(", ", java.util.Collections.nCopies(10, prev)))
                    .append("]\n");
        }

        assertThatThrownBy(() -> SpecLoader.parse(yaml.toString(), "canary.yaml", Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessageContaining("makes the aliases expand to more than 10000 values");
    }

    @Test
    void anEmptyFileReportsTheMissingTarget() {
        assertThatThrownBy(() -> SpecLoader.parse("", "canary.yaml", Map.of()))
                .isInstanceOf(InvalidSpecException.class)
                .hasMessage("canary.yaml: 1 error\n  target: missing; name the stable Deployment and the new image,"
                        + " e.g. target: {deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}");
    }

    @Test
    void aMissingFileIsAnInputErrorNamingThePath() {
        Path missing = Path.of("does-not-exist/canary.yaml");
        assertThatThrownBy(() -> SpecLoader.load(missing, Map.of()))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith(missing + ": cannot be read (NoSuchFileException)")
                .extracting(e -> ((CanaryGateException) e).kind())
                .isEqualTo(CanaryGateException.Kind.INVALID_INPUT);
    }

    @Test
    void aSyntaxErrorDoesNotQuoteTheLineItIsOn() {
        InvalidSpecException e = catchThrowableOfType(
                InvalidSpecException.class,
                () -> SpecLoader.parse(
                        "notify:\n  - slack: {webhookUrl: https://hooks.slack.com/T/B/SECRETPART: x}\n",
                        "canary.yaml",
                        Map.of()));

        assertThat(e.getMessage()).contains("line 2").doesNotContain("SECRETPART");
        assertThat(e.errors()).singleElement().extracting(SpecError::line).isEqualTo(2);
    }
}
