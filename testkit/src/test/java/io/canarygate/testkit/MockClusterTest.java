package io.canarygate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MockClusterTest {

    @Test
    void controllerMakesNewAndChangedDeploymentsReady() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 3);
            Deployment ready = cluster.awaitReady("shop", "checkout");
            assertThat(ready.getStatus().getReadyReplicas()).isEqualTo(3);
            assertThat(ready.getStatus().getObservedGeneration()).isEqualTo(1L);
            assertThat(ready.getStatus().getConditions())
                    .extracting(c -> c.getType() + "=" + c.getStatus())
                    .containsExactly("Available=True", "Progressing=True");

            cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout")
                    .scale(5);
            Deployment scaled = cluster.awaitReady("shop", "checkout");
            assertThat(scaled.getStatus().getReadyReplicas()).isEqualTo(5);
            assertThat(scaled.getSpec().getReplicas()).isEqualTo(5);
        }
    }

    @Test
    void neverReadyReportsProgressDeadlineExceeded() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.controller().neverReady("shop", "checkout");
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
            Deployment stuck = cluster.client()
                    .apps()
                    .deployments()
                    .inNamespace("shop")
                    .withName("checkout")
                    .waitUntilCondition(d -> d.getStatus() != null, 5, TimeUnit.SECONDS);
            assertThat(stuck.getStatus().getReadyReplicas()).isZero();
            assertThat(stuck.getStatus().getConditions())
                    .anySatisfy(c -> assertThat(c.getReason()).isEqualTo("ProgressDeadlineExceeded"));
            assertThat(DeploymentController.isReady(stuck)).isFalse();

            cluster.controller().heal("shop", "checkout");
            assertThat(cluster.awaitReady("shop", "checkout").getStatus().getReadyReplicas())
                    .isEqualTo(2);
        }
    }

    @Test
    void withoutControllerStatusStaysEmpty() throws Exception {
        try (MockCluster cluster = MockCluster.withoutController()) {
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 2);
            TimeUnit.MILLISECONDS.sleep(300);
            assertThat(cluster.client()
                            .apps()
                            .deployments()
                            .inNamespace("shop")
                            .withName("checkout")
                            .get()
                            .getStatus())
                    .isNull();
            assertThat(cluster.requestCount()).isGreaterThan(0);
        }
    }

    @Test
    void readyAfterDelaysReadiness() {
        try (MockCluster cluster = MockCluster.start()) {
            cluster.controller().readyAfter(Duration.ofMillis(600));
            long start = System.nanoTime();
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 1);
            cluster.awaitReady("shop", "checkout");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        }
    }

    @Test
    void kubectlCanListDeploymentsWithTheWrittenKubeconfig(@TempDir Path dir) throws Exception {
        // kubectl is a convenience for the demo, not a requirement: skip (even in CI) when it is absent.
        Assumptions.assumeTrue(RequiredTool.find("kubectl").isPresent(), "kubectl is not on PATH");
        try (MockCluster cluster = MockCluster.start()) {
            cluster.createStable("shop", "checkout", "acme/checkout:1.3.0", 1);
            Path config = cluster.writeKubeconfig(dir.resolve("kubeconfig"));

            assertThat(kubectl(config, "get", "deploy", "-A", "-o", "name")).contains("deployment.apps/checkout");
            assertThat(kubectl(config, "get", "ingress", "-n", "shop", "-o", "name"))
                    .contains("ingress.networking.k8s.io/checkout");
            assertThat(kubectl(config, "version")).contains("v1.32.0-fabric8mock");
        }
    }

    private static String kubectl(Path config, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", config.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish in 60s");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue())
                .as("kubectl %s: %s", String.join(" ", args), out)
                .isZero();
        return out;
    }
}
