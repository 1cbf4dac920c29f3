package io.canarygate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How {@code traffic:} reads for each router: what each field becomes and what a missing optional field means. */
class TrafficSpecTest {
    private static final String BASE =
            "target: {namespace: shop, deployment: checkout, image: acme/checkout:1.4.0}\n" + "steps: [{weight: 10}]\n";

    @Test
    void gatewayApiSplitsEveryStableRuleUnlessOneIsNamed() {
        assertThat(traffic("{router: gateway-api, gatewayApi: {httpRoute: web, stableService: checkout}}"))
                .isEqualTo(new RouterSpec.GatewayApi("web", Optional.empty(), "checkout", Optional.empty()));
        assertThat(traffic("{router: gateway-api, gatewayApi: {httpRoute: web, stableService: checkout, rule: 2,"
                        + " header: {name: X-Canary, value: always}}}"))
                .isEqualTo(new RouterSpec.GatewayApi(
                        "web",
                        Optional.of(2),
                        "checkout",
                        Optional.of(new RouterSpec.HeaderRoute("X-Canary", "always"))));
    }

    @Test
    void smiStableServiceDefaultsToTheRootService() {
        assertThat(traffic("{router: smi, smi: {service: checkout}}"))
                .isEqualTo(new RouterSpec.Smi("checkout", "checkout"));
        assertThat(traffic("{router: smi, smi: {service: checkout, stableService: checkout-primary}}"))
                .isEqualTo(new RouterSpec.Smi("checkout", "checkout-primary"));
    }

    @Test
    void istioSplitsEveryStableRouteUnlessOneIsNamed() {
        assertThat(traffic("{router: istio, istio: {virtualService: web, stableService: checkout}}"))
                .isEqualTo(new RouterSpec.Istio("web", Optional.empty(), "checkout", Optional.empty()));
        assertThat(traffic("{router: istio, istio: {virtualService: web, stableService: checkout, route: primary}}"))
                .isEqualTo(new RouterSpec.Istio("web", Optional.of("primary"), "checkout", Optional.empty()));
    }

    @Test
    void featureFlagSendsPutUnlessAnotherMethodIsNamed() {
        assertThat(traffic("{router: feature-flag, featureFlag: {url: 'https://flags.example.com/{flag}', flag: f}}"))
                .isEqualTo(new RouterSpec.FeatureFlag(
                        "https://flags.example.com/{flag}", "PUT", "f", Optional.empty(), Optional.empty()));
        assertThat(traffic("{router: feature-flag, featureFlag: {url: 'https://flags.example.com/{flag}', flag: f,"
                        + " method: POST, token: {env: FLAG_TOKEN}, readUrl: 'https://flags.example.com/{flag}'}}"))
                .isEqualTo(new RouterSpec.FeatureFlag(
                        "https://flags.example.com/{flag}",
                        "POST",
                        "f",
                        Optional.of(SecretRef.ofEnv("FLAG_TOKEN")),
                        Optional.of("https://flags.example.com/{flag}")));
        assertThat(new RouterSpec.FeatureFlag("u", "PUT", "f", Optional.empty(), Optional.empty())
                        .fullWeightOnPromotion())
                .isTrue();
        assertThat(new RouterSpec.ReplicaRatio().fullWeightOnPromotion()).isFalse();
    }

    private static RouterSpec traffic(String traffic) {
        return SpecLoader.parse(BASE + "traffic: " + traffic + "\n", "canary.yaml", Map.of())
                .traffic();
    }
}
