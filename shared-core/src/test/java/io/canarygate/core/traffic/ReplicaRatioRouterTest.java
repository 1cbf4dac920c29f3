package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.kube.Workloads;
import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicaRatioRouterTest {
    private final ReplicaRatioRouter math = new ReplicaRatioRouter(null);

    @Test
    void canaryReplicasApproximateTheWeightByPodShare() {
        assertThat(math.canaryReplicas(3, 0)).isZero();
        assertThat(math.canaryReplicas(3, 10)).isEqualTo(1); // round(0.33) → at least 1
        assertThat(math.canaryReplicas(9, 10)).isEqualTo(1); // 1 of 10 pods
        assertThat(math.canaryReplicas(3, 25)).isEqualTo(1); // 1 of 4
        assertThat(math.canaryReplicas(4, 50)).isEqualTo(4); // 4 of 8
        assertThat(math.canaryReplicas(3, 75)).isEqualTo(9); // 9 of 12
        assertThat(math.canaryReplicas(0, 10)).isEqualTo(1);
    }

    @Test
    void highWeightsAreCappedAtTenTimesTheStableReplicas() {
        assertThat(math.canaryReplicas(3, 99)).isEqualTo(30);
        assertThat(math.canaryReplicas(3, 100)).isEqualTo(30);
        assertThat(math.canaryReplicas(3, 90)).isEqualTo(27);
    }

    @Test
    void notesWhichLabelsTheCanaryLabelsChangeSinceItsServiceMustNotSelectByThem() {
        try (MockCluster cluster = MockCluster.withoutController()) {
            KubernetesClient kube = cluster.client();
            ReplicaRatioRouter router = new ReplicaRatioRouter(kube);
            Workloads workloads = new Workloads(kube);
            Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);

            // A label only the canary carries, or none at all, changes nothing the Service could select by.
            assertThat(router.notes(workloads.target("checkout", stable, Map.of("track", "canary")), 20, 4, 1))
                    .isEmpty();
            assertThat(router.notes(workloads.target("checkout", stable, Map.of()), 20, 4, 1))
                    .isEmpty();

            stable = cluster.labelStablePods("shop", "checkout", "track", "stable");
            assertThat(router.notes(workloads.target("checkout", stable, Map.of("track", "canary")), 20, 4, 1))
                    .containsExactly("target.canaryLabels gives the canary pods other values of track (stable"
                            + " stable, canary canary); router replicas sends the canary its share only through a"
                            + " Service that selects stable and canary pods alike, so the Service in front of"
                            + " checkout must not select by that label (or the canary gets no requests: minEvidence"
                            + " shows it)");
        }
    }

    @Test
    void setWeightScalesTheCanaryAndWeightReadsItBack() {
        try (MockCluster cluster = MockCluster.start()) {
            KubernetesClient kube = cluster.client();
            ReplicaRatioRouter router = new ReplicaRatioRouter(kube);
            Workloads workloads = new Workloads(kube);
            Deployment stable = cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 4);
            cluster.awaitReady("shop", "checkout");
            CanaryTarget target = workloads.target("checkout", stable, Map.of());
            assertThat(router.weight(target)).isZero();
            router.setWeight(target, 0); // no canary yet: nothing to do

            workloads.ensureCanary(target, stable, Map.of("app", "acme/checkout:1.4.0"), router.canaryReplicas(4, 20));
            router.setWeight(target, 20);
            cluster.awaitReady("shop", "checkout-canary");
            assertThat(canary(kube).getSpec().getReplicas()).isEqualTo(1);
            assertThat(router.weight(target)).isEqualTo(20);

            router.setWeight(target, 50);
            assertThat(canary(kube).getSpec().getReplicas()).isEqualTo(4);
            cluster.awaitReady("shop", "checkout-canary");
            assertThat(router.weight(target)).isEqualTo(50);

            // Scaled by hand: the weight shown is the real share of ready pods.
            kube.apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout-canary")
                    .scale(12);
            cluster.awaitReady("shop", "checkout-canary");
            assertThat(router.weight(target)).isEqualTo(75);

            router.setWeight(target, 0);
            assertThat(canary(kube).getSpec().getReplicas()).isZero();
            Deployment unchanged = kube.apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout")
                    .get();
            assertThat(unchanged.getSpec().getReplicas()).isEqualTo(4);
            assertThat(unchanged.getMetadata().getGeneration()).isEqualTo(1L);
        }
    }

    private static Deployment canary(KubernetesClient kube) {
        return kube.apps()
                .deployments()
                .inNamespace("shop")
                .withName("checkout-canary")
                .get();
    }
}
