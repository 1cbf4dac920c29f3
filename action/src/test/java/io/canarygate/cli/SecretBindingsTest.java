package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.cli.github.ActionInput;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.spec.SpecLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretBindingsTest {
    static final String BASE =
            """
            target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}
            metrics:
              prometheus:
                url: http://prometheus:9090
            """;
    static final Env ENV = new Env(Map.of("SLACK_URL", "https://hooks.example/from-env"), Path.of("/tmp"));

    static RolloutSpec spec(String yaml, Map<String, String> overrides) {
        return SpecLoader.parse(yaml, "canary.yaml", overrides);
    }

    @Test
    void theTokenInputIsGivenToWhateverVariableTheSpecNames() {
        RolloutSpec spec = spec(BASE + "    auth: {bearer: {env: MY_PROM_TOKEN}}\n", Map.of());
        SecretResolver resolver = SecretBindings.resolver(ENV, Map.of(ActionInput.PROMETHEUS_TOKEN, "tok-1"), spec);
        assertThat(resolver.resolve(SecretRef.ofEnv("MY_PROM_TOKEN"))).isEqualTo("tok-1");
        assertThat(SecretBindings.bearerOverride(Map.of(ActionInput.PROMETHEUS_TOKEN, "tok-1"), spec))
                .isEmpty();
    }

    @Test
    void aSpecWithoutAuthSendsTheTokenInputAsABearerToken() {
        Map<ActionInput, String> inputs = Map.of(ActionInput.PROMETHEUS_TOKEN, "tok-2");
        var override =
                SecretBindings.bearerOverride(inputs, spec(BASE, Map.of())).orElseThrow();
        RolloutSpec withAuth = spec(BASE, Map.ofEntries(override));
        MetricsSpec.Prometheus p = (MetricsSpec.Prometheus) withAuth.metrics().orElseThrow();
        SecretRef ref = ((MetricsSpec.Auth.Bearer) p.auth()).token();
        assertThat(SecretBindings.resolver(ENV, inputs, withAuth).resolve(ref)).isEqualTo("tok-2");
    }

    @Test
    void theWebhookInputFeedsEverySlackTargetAndOtherSecretsStillComeFromTheEnvironment() {
        RolloutSpec spec = spec(
                BASE + "notify:\n  - slack: {webhookUrl: {env: SLACK_A}}\n" + "  - webhook: {url: {env: SLACK_URL}}\n",
                Map.of());
        SecretResolver resolver = SecretBindings.resolver(
                ENV, Map.of(ActionInput.SLACK_WEBHOOK_URL, "https://hooks.slack.com/services/T/B/x"), spec);
        NotifySpec.Slack slack = (NotifySpec.Slack) spec.notifications().get(0);
        assertThat(resolver.resolve(slack.webhookUrl())).isEqualTo("https://hooks.slack.com/services/T/B/x");
        assertThat(resolver.resolve(SecretRef.ofEnv("SLACK_URL"))).isEqualTo("https://hooks.example/from-env");
        assertThat(SecretBindings.references(spec)).hasSize(2);
    }

    @Test
    void aSecretInputWithNowhereToGoIsBadInput() {
        RolloutSpec noMetrics = spec("target: {namespace: shop, deployment: checkout, image: a/b:1}\n", Map.of());
        assertThatThrownBy(() -> SecretBindings.resolver(ENV, Map.of(ActionInput.PROMETHEUS_TOKEN, "t"), noMetrics))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("input prometheus-token:");
        assertThatThrownBy(() -> SecretBindings.resolver(ENV, Map.of(ActionInput.SLACK_WEBHOOK_URL, "u"), noMetrics))
                .hasMessageStartingWith("input slack-webhook-url:");
    }
}
