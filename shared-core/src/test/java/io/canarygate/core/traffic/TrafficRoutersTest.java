package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.spec.RouterSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrafficRoutersTest {
    @Test
    void eachRouterSpecGetsItsRouter() {
        assertThat(TrafficRouters.create(new RouterSpec.ReplicaRatio(), null)).isInstanceOf(ReplicaRatioRouter.class);
        TrafficRouter nginx = TrafficRouters.create(new RouterSpec.NginxIngress("checkout", Optional.empty()), null);
        assertThat(nginx).isInstanceOf(NginxIngressRouter.class);
        assertThat(nginx.kind()).isEqualTo(new RouterSpec.NginxIngress("checkout", Optional.empty()).kind());
        RouterSpec gatewayApi = new RouterSpec.GatewayApi("checkout", Optional.empty(), "checkout", Optional.empty());
        assertThat(TrafficRouters.create(gatewayApi, null))
                .isInstanceOf(GatewayApiRouter.class)
                .extracting(TrafficRouter::kind)
                .isEqualTo(gatewayApi.kind());
        RouterSpec smi = new RouterSpec.Smi("checkout", "checkout");
        assertThat(TrafficRouters.create(smi, null))
                .isInstanceOf(SmiRouter.class)
                .extracting(TrafficRouter::kind)
                .isEqualTo(smi.kind());
        RouterSpec istio = new RouterSpec.Istio("checkout", Optional.empty(), "checkout", Optional.empty());
        assertThat(TrafficRouters.create(istio, null))
                .isInstanceOf(IstioRouter.class)
                .extracting(TrafficRouter::kind)
                .isEqualTo(istio.kind());
        RouterSpec argo = new RouterSpec.ArgoRollout("checkout");
        assertThat(TrafficRouters.create(argo, null))
                .isInstanceOf(ArgoRolloutRouter.class)
                .extracting(TrafficRouter::kind)
                .isEqualTo(argo.kind());
        RouterSpec flag = new RouterSpec.FeatureFlag(
                "https://flags.example.com/{flag}", "PUT", "new-checkout", Optional.empty(), Optional.empty());
        assertThat(TrafficRouters.create(flag, null, ref -> "unused"))
                .isInstanceOf(FeatureFlagRouter.class)
                .extracting(TrafficRouter::kind)
                .isEqualTo(flag.kind());
    }
}
