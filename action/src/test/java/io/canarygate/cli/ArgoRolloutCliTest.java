package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.ArgoRolloutController;
import io.canarygate.testkit.MockCluster;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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

    record Result(int exit, String out, String err) {}

    private Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 4];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = config.toString();
        all[args.length + 2] = "--kubeconfig";
        all[args.length + 3] = "kubeconfig";
        int exit = Main.run(
                all,
                new Env(Map.of("HOME", dir.toString()), dir),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void deployStatusPromote() {
        Result deploy = cli("deploy", "--weight", "10");
        assertThat(deploy.exit()).as(deploy.err()).isZero();
        assertThat(deploy.out() + deploy.err()).contains("checkout: Argo reports Paused, step 1, 1/4 pods updated");
        assertThat(argo.images("shop", "checkout")).containsExactly("ghcr.io/acme/checkout:1.4.0");

        Result status = cli("status", "-o", "json");
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("\"phase\" : \"RUNNING\"").contains("\"routerWeight\" : 10");

        Result wrong = cli("deploy", "--weight", "30");
        assertThat(wrong.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(wrong.err()).contains("weight: \"30\" is not a step Rollout \"checkout\" holds at");

        Result promote = cli("promote");
        assertThat(promote.exit()).as(promote.err()).isZero();
        assertThat(argo.status("shop", "checkout")).containsEntry("phase", "Healthy");
        assertThat(cli("status", "-o", "json").out()).contains("\"phase\" : \"PROMOTED\"");
    }
}
