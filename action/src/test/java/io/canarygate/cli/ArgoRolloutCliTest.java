package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.ArgoRolloutController;
import io.canarygate.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI over an Argo Rollout: deploy, status and promote, with a thread playing the Argo controller. */
class ArgoRolloutCliTest {
    @TempDir
    Path dir;

    private MockCluster cluster;
    private ArgoRolloutController argo;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        cluster = MockCluster.withoutController();
        cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        argo = ArgoRolloutController.start(cluster.client());
        ArgoRolloutController.createRollout(
                cluster.client(),
                "shop",
                "checkout",
                "ghcr.io/acme/checkout:1.3.0",
                4,
                ArgoRolloutController.HOLDING_STEPS);
        cluster.client()
                .genericKubernetesResources(ArgoRolloutController.ROLLOUT)
                .inNamespace("shop")
                .withName("checkout")
                .waitUntilCondition(r -> r.getAdditionalProperties().get("status") != null, 30, TimeUnit.SECONDS);
        config = dir.resolve("canary.yaml");
        Files.writeString(
                config,
                """
                target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}
                traffic: {router: argo-rollout, argoRollout: {rollout: checkout}}
                readyTimeout: 30s
                steps: [{weight: 10}, {weight: 50}]
                """);
    }

    @AfterEach
    void stop() {
        argo.close();
        cluster.close();
    }

    private InProcess.Result cli(String... args) {
        return InProcess.onCluster(dir, config, args);
    }

    @Test
    void deployStatusPromote() {
        InProcess.Result deploy = cli("deploy", "--weight", "10");
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.out() + deploy.err()).contains("checkout: Argo reports Paused, step 1, 1/4 pods updated");
        assertThat(argo.images("shop", "checkout")).containsExactly("ghcr.io/acme/checkout:1.4.0");

        InProcess.Result status = cli("status", "-o", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"phase\" : \"RUNNING\"").contains("\"routerWeight\" : 10");

        InProcess.Result wrong = cli("deploy", "--weight", "30");
        assertThat(wrong.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(wrong.err()).contains("weight: \"30\" is not a step Rollout \"checkout\" holds at");

        InProcess.Result promote = cli("promote");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(argo.status("shop", "checkout")).containsEntry("phase", "Healthy");
        assertThat(cli("status", "-o", "json").out()).contains("\"phase\" : \"PROMOTED\"");
    }
}
