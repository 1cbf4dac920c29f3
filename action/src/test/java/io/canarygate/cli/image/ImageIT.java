package io.canarygate.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.cli.RunnerLayout;
import io.canarygate.testkit.MockCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The offline action image: built twice from the shaded jar (jlink included), inspected, then loaded into podman and
 * run the way the GitHub runner runs a container action.
 */
class ImageIT {
    static final Path JAR = Path.of("target", "canarygate-cli.jar");
    static final Path DIR = Path.of("target", "image-it");
    static final String REFERENCE =
            "localhost/canarygate-image-it:" + ProcessHandle.current().pid();

    static ImageBuilder.Built first;
    static ImageBuilder.Built second;

    @BeforeAll
    static void buildTwice() throws Exception {
        assertThat(JAR).as("the shaded jar (mvn package)").exists();
        Path jdk = ImageJdk.find();
        first = ImageBuilder.buildTar(
                JAR, jdk, DIR.resolve("work-a"), DIR.resolve("a.tar"), REFERENCE, java.util.Optional.empty());
        second = ImageBuilder.buildTar(
                JAR, jdk, DIR.resolve("work-b"), DIR.resolve("b.tar"), REFERENCE, java.util.Optional.empty());
    }

    @AfterAll
    static void cleanUp() throws IOException {
        ImageBuilder.deleteRecursively(DIR.resolve("work-a"));
        ImageBuilder.deleteRecursively(DIR.resolve("work-b"));
    }

    @Test
    void buildingTwiceGivesTheSameDigestAndTheSameBytes() throws Exception {
        assertThat(second.digest()).isEqualTo(first.digest()).startsWith("sha256:");
        assertThat(second.imageId()).isEqualTo(first.imageId());
        assertThat(sha256(second.tar())).isEqualTo(sha256(first.tar()));
    }

    @Test
    void runsJavaStraightFromAnExecFormEntrypointAsANonRootUserWithTheSourceLabel() throws Exception {
        JsonNode config = ImageTar.config(first.tar()).get("config");
        List<String> entrypoint = new ArrayList<>();
        config.get("Entrypoint").forEach(n -> entrypoint.add(n.asText()));
        assertThat(entrypoint.get(0)).isEqualTo("/opt/java/bin/java");
        assertThat(entrypoint).containsSequence("-jar", ImageBuilder.JAR).doesNotContain("sh", "/bin/sh", "-c");
        assertThat(config.path("Cmd").isMissingNode()
                        || config.path("Cmd").isEmpty()
                        || config.get("Cmd").isNull())
                .isTrue();
        assertThat(config.at("/Labels/org.opencontainers.image.source").asText())
                .isEqualTo(ImageBuilder.SOURCE);
        String user = config.path("User").asText();
        assertThat(user).isNotBlank().isNotIn("0", "root", "0:0").doesNotStartWith("0:");
        // No JAVA_TOOL_OPTIONS: it makes every run print "Picked up ..." to stderr.
        assertThat(config.get("Env").toString()).doesNotContain("JAVA_TOOL_OPTIONS");
        JsonNode full = ImageTar.config(first.tar());
        assertThat(full.path("created").asText()).startsWith("1970-01-01");
    }

    @Test
    void theImageHoldsTheRuntimeTheJarAndTheLoaderTheLauncherNeeds() throws Exception {
        Map<String, byte[]> entries = ImageTar.entries(first.tar());
        assertThat(entries.keySet()).contains("manifest.json", "config.json");
        assertThat(entries.keySet().stream().filter(n -> n.endsWith(".tar.gz"))).hasSize(3);
    }

    static Podman podman;
    static Path podmanDir;

    /** podman with the image loaded, once per class; fails in CI (skips locally) without podman and runc. */
    static synchronized Podman podman() throws Exception {
        if (podman == null) {
            podmanDir = Files.createTempDirectory("canarygate-podman");
            Podman p = Podman.start(podmanDir);
            p.load(first.tar(), REFERENCE);
            podman = p;
        }
        return podman;
    }

    @AfterAll
    static void stopPodman() throws Exception {
        if (podman != null) {
            podman.close();
            ImageBuilder.deleteRecursively(podmanDir);
        }
    }

    /**
     * The runner's {@code docker run} for a container action, with podman: workdir, --rm, {@code -e NAME} for every
     * variable (hyphenated INPUT_ ones included), the four mounts owned by the runner user, GitHub variables translated
     * to container paths. Host networking lets the container reach servers on the host's 127.0.0.1.
     */
    Podman.Result runAction(RunnerLayout runner, Map<String, String> inputs) throws Exception {
        ownByRunnerUser(runner.root);
        Map<String, String> env = new LinkedHashMap<>(runner.containerEnv("4242"));
        env.putAll(inputs);
        List<String> args = new ArrayList<>(
                List.of("--label", "c9e036", "--workdir", "/github/workspace", "--rm", "--network", "host"));
        env.keySet().forEach(k -> args.addAll(List.of("-e", k)));
        args.addAll(runner.volumes());
        args.add(REFERENCE);
        String name = "canarygate_it_" + Long.toHexString(System.nanoTime());
        return podman().run(name, args, env, Duration.ofMinutes(2));
    }

    @Test
    void aBadCommandInTheContainerIsMaskedAnnotatedAndExitsTwo(@TempDir Path root) throws Exception {
        RunnerLayout runner = new RunnerLayout(root.resolve("runner"));
        Podman.Result r = runAction(
                runner,
                Map.of(
                        "INPUT_COMMAND", "redeploy",
                        "INPUT_PROMETHEUS-TOKEN", "tok-in-container-77",
                        "INPUT_REPORT-DIR", "canary-gate-report"));

        assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.out().lines().findFirst()).contains("::add-mask::tok-in-container-77");
        assertThat(r.err()).contains("::error title=Canary Gate%3A bad input::input command: \"redeploy\"");
        assertThat(Files.readString(runner.output)).contains("reason=input command: \"redeploy\" is not a command");
        assertThat(Files.readString(runner.summary)).startsWith("### Canary Gate: bad input");
        for (Path f : runner.writtenFiles(root.resolve("runner"))) {
            assertThat(Files.readString(f)).as(f.toString()).doesNotContain("tok-in-container-77");
        }
    }

    @Test
    void statusRunsInTheContainerAgainstTheMockApiServer(@TempDir Path root) throws Exception {
        try (MockCluster cluster = MockCluster.withoutController()) {
            RunnerLayout runner = new RunnerLayout(root.resolve("runner"));
            cluster.writeKubeconfig(runner.workspace.resolve("kubeconfig.yaml"));
            Files.writeString(
                    runner.workspace.resolve("canary.yaml"),
                    "target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}\n");
            int before = cluster.requestCount();
            Podman.Result r = runAction(
                    runner,
                    Map.of(
                            "INPUT_COMMAND", "status",
                            "INPUT_CONFIG", "canary.yaml",
                            "INPUT_KUBECONFIG", "kubeconfig.yaml",
                            "INPUT_REPORT-DIR", "canary-gate-report"));

            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.out()).contains("::add-mask::mock-token").contains("has no record");
            assertThat(cluster.requestCount())
                    .as("the container reached the API server")
                    .isGreaterThan(before);
            assertThat(Files.readString(runner.output))
                    .contains("rollout=checkout")
                    .contains("phase=NONE");
        }
    }

    /** On a GitHub-hosted runner the mounted directories belong to the runner user, uid 1001. */
    static void ownByRunnerUser(Path dir) throws IOException {
        boolean root = "root".equals(System.getProperty("user.name"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.toList()) {
                if (root) {
                    Files.setAttribute(p, "unix:uid", 1001);
                    Files.setAttribute(p, "unix:gid", 1001);
                } else {
                    Files.setPosixFilePermissions(
                            p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxrwxrwx" : "rw-rw-rw-"));
                }
            }
        }
    }

    static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }
}
