package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status --watch} follows a rollout run by other processes until it is promoted. */
class StatusWatchTest {
    @TempDir
    Path dir;

    private MockCluster cluster;
    private Path config;

    @BeforeEach
    void start() throws Exception {
        cluster = MockCluster.start();
        cluster.writeKubeconfig(dir.resolve("kubeconfig"));
        cluster.createStable("shop", "checkout", "ghcr.io/acme/checkout:1.3.0", 3);
        cluster.awaitReady("shop", "checkout");
        config = dir.resolve("canary.yaml");
        Files.writeString(
                config,
                """
                target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}
                readyTimeout: 30s
                steps: [{weight: 25}]
                """);
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    private InProcess.Result cli(String... args) {
        return InProcess.onCluster(dir, config, args);
    }

    @Test
    void watchPrintsEachChangeAndEndsWhenTheRolloutIsPromoted() throws Exception {
        CompletableFuture<InProcess.Result> watching =
                CompletableFuture.supplyAsync(() -> cli("status", "--watch", "--interval", "100ms"));
        Thread.sleep(500);
        assertThat(watching).isNotDone();

        assertThat(cli("deploy", "--weight", "25").exit()).isZero();
        Thread.sleep(500);
        assertThat(watching).isNotDone();
        assertThat(cli("promote").exit()).isZero();

        InProcess.Result watched = watching.get(30, TimeUnit.SECONDS);
        assertThat(watched.exit()).as(watched.err()).isZero();
        String out = watched.out();
        int notStarted = out.indexOf("has no record: not started");
        int running = out.indexOf("RUNNING");
        int promoted = out.indexOf("Phase:       ✔ PROMOTED");
        assertThat(notStarted).as(out).isNotNegative();
        assertThat(running).as(out).isGreaterThan(notStarted);
        assertThat(promoted).as(out).isGreaterThan(running);
        // Printed on change only: the not-started view once, however many reads there were meanwhile.
        assertThat(out.split("has no record", -1)).hasSize(2);
    }

    @Test
    void watchIsTextOnlyAndIntervalNeedsIt() {
        InProcess.Result json = cli("status", "--watch", "-o", "json");
        assertThat(json.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(json.err()).contains("--output: \"json\" cannot be watched");

        InProcess.Result lonely = cli("status", "--interval", "5s");
        assertThat(lonely.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(lonely.err()).contains("--interval: \"5s\" is only read with --watch");

        InProcess.Result bad = cli("status", "--watch", "--interval", "soon");
        assertThat(bad.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--interval: \"soon\" is not a duration");
    }
}
