package io.canarygate.cli;

import io.canarygate.cli.github.ActionInput;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The secret resolver a run gives the engine. canary.yaml names secrets by reference ({@code {env: PROM_TOKEN}}); the
 * CLI resolves them from its environment and files. The action also takes secrets as inputs ({@code prometheus-token},
 * {@code slack-webhook-url}) and binds each to the reference the spec uses for it, whatever its name.
 */
public final class SecretBindings {
    private SecretBindings() {}

    public static SecretResolver resolver(Env env, Map<ActionInput, String> inputs, RolloutSpec spec) {
        Map<SecretRef, String> bound = new HashMap<>();
        String token = inputs.get(ActionInput.PROMETHEUS_TOKEN);
        if (token != null) {
            SecretRef ref = prometheusSecret(spec)
                    .orElseThrow(() -> new CanaryGateException(
                            Kind.INVALID_INPUT,
                            "input prometheus-token: set, but canary.yaml has no metrics.prometheus to send it"
                                    + " to; remove the input or add metrics.prometheus"));
            bound.put(ref, token);
        }
        String webhook = inputs.get(ActionInput.SLACK_WEBHOOK_URL);
        if (webhook != null) {
            List<SecretRef> slack = spec.notifications().stream()
                    .filter(n -> n instanceof NotifySpec.Slack)
                    .map(n -> ((NotifySpec.Slack) n).webhookUrl())
                    .toList();
            if (slack.isEmpty()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        "input slack-webhook-url: set, but canary.yaml has no notify slack entry to give it to; add"
                                + " notify: [{slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}}}]");
            }
            slack.forEach(ref -> bound.put(ref, webhook));
        }
        SecretResolver environment = SecretResolver.of(env::raw);
        return ref -> {
            String value = bound.get(ref);
            return value != null ? value : environment.resolve(ref);
        };
    }

    /** Every secret reference in the spec, for masking their values before they could be printed. */
    public static List<SecretRef> references(RolloutSpec spec) {
        List<SecretRef> refs = new ArrayList<>();
        prometheusSecret(spec).ifPresent(refs::add);
        if (spec.traffic() instanceof io.canarygate.core.spec.RouterSpec.FeatureFlag flag) {
            flag.token().ifPresent(refs::add);
        }
        for (NotifySpec n : spec.notifications()) {
            if (n instanceof NotifySpec.Slack s) {
                refs.add(s.webhookUrl());
            } else if (n instanceof NotifySpec.Webhook w) {
                refs.add(w.url());
                w.hmacSecret().ifPresent(refs::add);
            }
        }
        return refs;
    }

    /** The variable a token given as an input is bound to when canary.yaml has no Prometheus auth. */
    static final String PROMETHEUS_TOKEN_ENV = "CANARYGATE_PROMETHEUS_TOKEN";

    /**
     * The override that makes a spec without Prometheus auth send the {@code prometheus-token} input as a bearer token,
     * or empty when the spec needs none (it has auth already, or no Prometheus at all, or no token was given).
     */
    static Optional<Map.Entry<String, String>> bearerOverride(Map<ActionInput, String> inputs, RolloutSpec spec) {
        boolean prometheus = spec.metrics().isPresent() && spec.metrics().get() instanceof MetricsSpec.Prometheus;
        if (!inputs.containsKey(ActionInput.PROMETHEUS_TOKEN)
                || !prometheus
                || prometheusSecret(spec).isPresent()) {
            return Optional.empty();
        }
        return Optional.of(Map.entry("metrics.prometheus.auth.bearer.env", PROMETHEUS_TOKEN_ENV));
    }

    static Optional<SecretRef> prometheusSecret(RolloutSpec spec) {
        if (spec.metrics().isPresent() && spec.metrics().get() instanceof MetricsSpec.Prometheus p) {
            if (p.auth() instanceof MetricsSpec.Auth.Bearer b) {
                return Optional.of(b.token());
            }
            if (p.auth() instanceof MetricsSpec.Auth.Basic basic) {
                return Optional.of(basic.password());
            }
        }
        return Optional.empty();
    }
}
