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
    }
}
