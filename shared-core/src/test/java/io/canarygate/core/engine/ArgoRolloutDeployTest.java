package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import org.junit.jupiter.api.Test;

/** The engine's deploy runs a canary Deployment; an Argo Rollout runs its own pods, so deploy refuses the adapter. */
class ArgoRolloutDeployTest {
    @Test
    void deployRefusesTheArgoRolloutAdapterBeforeTouchingTheCluster() {
        try (EngineFixture f = EngineFixture.start()) {
            f.spec = EngineFixture.spec(
                    "traffic: {router: argo-rollout, argoRollout: {rollout: checkout}}\n" + "steps: [{weight: 10}]\n");

            assertThatThrownBy(() -> await(f.engine().deploy(f.spec, 10)))
                    .isInstanceOfSatisfying(
                            CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                    .hasMessageStartingWith(
                            "traffic.router: \"argo-rollout\" cannot be deployed by Canary Gate's" + " deploy");
            assertThat(f.kube.apps()
                            .deployments()
                            .inNamespace(EngineFixture.NS)
                            .withName(EngineFixture.CANARY)
                            .get())
                    .isNull();
        }
    }
}
