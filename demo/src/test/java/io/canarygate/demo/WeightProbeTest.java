package io.canarygate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class WeightProbeTest {
    private static MockCluster cluster;

    @BeforeAll
    static void startCluster() {
        cluster = MockCluster.start();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @Test
    void withoutACanaryEverythingGoesToStable() {
        cluster.createStable("solo", "checkout", "acme/checkout:1.0.0", 4);
        cluster.awaitReady("solo", "checkout");

        assertThat(new WeightProbe(cluster.client(), "solo", "checkout").read()).isZero();
    }

    @Test
    void replicaRatioSendsTheCanaryItsShareOfReadyPodsBehindTheService() {
        cluster.createStable("pods", "checkout", "acme/checkout:1.0.0", 4);
        createCanary("pods", 1);
        cluster.awaitReady("pods", "checkout-canary");

        WeightProbe.Split split = new WeightProbe(cluster.client(), "pods", "checkout").split();
        assertThat(split.canaryEndpoints()).isEqualTo(1);
        assertThat(split.allEndpoints()).isEqualTo(5);
        assertThat(split.canaryPercent()).isEqualTo(20);
    }

    @Test
    void nginxSendsTheIngressWeightPlusTheCanaryPodsShareOfTheStableService() {
        cluster.createStable("ingress", "checkout", "acme/checkout:1.0.0", 4);
        createCanary("ingress", 1);
        cluster.awaitReady("ingress", "checkout-canary");
        Ingress stable = cluster.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace("ingress")
                .withName("checkout")
                .get();
        Ingress canary = new IngressBuilder(stable)
                .editMetadata()
                .withName("checkout-canary")
                .withResourceVersion(null)
                .withUid(null)
                .addToAnnotations(WeightProbe.NGINX_CANARY, "true")
                .addToAnnotations(WeightProbe.NGINX_WEIGHT, "10")
                .endMetadata()
                .build();
        cluster.client()
                .network()
                .v1()
                .ingresses()
                .inNamespace("ingress")
                .resource(canary)
                .create();

        WeightProbe.Split split = new WeightProbe(cluster.client(), "ingress", "checkout").split();
        assertThat(split.ingressWeight()).isEqualTo(10);
        // 10% by the canary Ingress, and a fifth of the other 90% because the stable Service selects the canary pod.
        assertThat(split.canaryPercent()).isEqualTo(28);
    }

    @Test
    void withTrackLabelsTheStableServiceReachesNoCanaryPod() {
        cluster.createStable("track", "checkout", "acme/checkout:1.0.0", 4);
        cluster.labelStablePods("track", "checkout", "track", "stable");
        createCanary("track", 2);
        cluster.client()
                .apps()
                .deployments()
                .inNamespace("track")
                .withName("checkout-canary")
                .edit(d -> {
                    d.getSpec().getTemplate().getMetadata().getLabels().put("track", "canary");
                    return d;
                });
        cluster.awaitReady("track", "checkout-canary");

        WeightProbe.Split split = new WeightProbe(cluster.client(), "track", "checkout").split();
        assertThat(split.canaryEndpoints()).isZero();
        assertThat(split.allEndpoints()).isEqualTo(4);
        assertThat(split.canaryPercent()).isZero(); // no canary Ingress here: only the weight would reach it
    }

    private static void createCanary(String namespace, int replicas) {
        Deployment stable = cluster.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .withName("checkout")
                .get();
        Deployment canary = new DeploymentBuilder(stable)
                .editMetadata()
                .withName("checkout-canary")
                .withResourceVersion(null)
                .withUid(null)
                .addToLabels("canarygate.io/role", "canary")
                .endMetadata()
                .editSpec()
                .withReplicas(replicas)
                .editTemplate()
                .editMetadata()
                .addToLabels("canarygate.io/role", "canary")
                .endMetadata()
                .endTemplate()
                .endSpec()
                .withStatus(null)
                .build();
        cluster.client()
                .apps()
                .deployments()
                .inNamespace(namespace)
                .resource(canary)
                .create();
    }
}
