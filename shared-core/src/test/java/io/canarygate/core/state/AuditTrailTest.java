package io.canarygate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuditTrailTest {

    @Test
    void eachTransitionIsAnEventOnTheStableDeployment() {
        try (MockCluster cluster = MockCluster.withoutController()) {
            Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
            AuditTrail audit = new AuditTrail(cluster.client());

            audit.record("shop", "checkout", "CanaryDeployed", "RUNNING at 10%: canary takes 10% of traffic", false);
            audit.record("shop", "checkout", "RolledBack", "ROLLED_BACK at 0%: error rate 7% > 5%", true);

            List<Event> events = cluster.client().v1().events().inNamespace("shop").list().getItems().stream()
                    .sorted(Comparator.comparing(Event::getReason))
                    .toList();
            assertThat(events).hasSize(2);
            Event deployed = events.get(0);
            assertThat(deployed.getReason()).isEqualTo("CanaryDeployed");
            assertThat(deployed.getType()).isEqualTo("Normal");
            assertThat(deployed.getMessage()).isEqualTo("RUNNING at 10%: canary takes 10% of traffic");
            assertThat(deployed.getInvolvedObject().getKind()).isEqualTo("Deployment");
            assertThat(deployed.getInvolvedObject().getName()).isEqualTo("checkout");
            assertThat(deployed.getInvolvedObject().getUid())
                    .isEqualTo(stable.getMetadata().getUid());
            assertThat(deployed.getSource().getComponent()).isEqualTo("canary-gate");
            assertThat(deployed.getFirstTimestamp()).isNotNull().isEqualTo(deployed.getLastTimestamp());
            assertThat(events.get(1).getType()).isEqualTo("Warning");
            assertThat(events.get(0).getMetadata().getName())
                    .isNotEqualTo(events.get(1).getMetadata().getName());
        }
    }

    @Test
    void unreachableApiServerNeverFailsTheRollout() {
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        Config config = new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:1")
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(500)
                .build();
        try (KubernetesClient gone =
                new KubernetesClientBuilder().withConfig(config).build()) {
            new AuditTrail(gone).record("shop", "checkout", "Promoted", "PROMOTED at 100%", false);
        }
    }
}
