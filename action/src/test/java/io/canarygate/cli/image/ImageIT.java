package io.canarygate.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.cli.RunnerLayout;
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

    /**
     * The runner's docker run, with podman: workdir, --rm, -e by name (hyphenated INPUT_ variables included), the four
     * mounts owned by the runner user, the GitHub variables translated to container paths. The entrypoint must read
     * the inputs, mask the secret, write the outputs and summary the host sees, and exit 2 for a bad command.
     */
    @Test
    void podmanRunsTheImageWithTheRunnersFlagsAndMounts(@TempDir Path root) throws Exception {
        try (Podman podman = Podman.start(root)) {
            podman.load(first.tar(), REFERENCE);
            RunnerLayout runner = new RunnerLayout(root.resolve("runner"));
            ownByRunnerUser(root.resolve("runner"));
            Map<String, String> env = new LinkedHashMap<>(runner.containerEnv("4242"));
            env.put("INPUT_COMMAND", "redeploy");
            env.put("INPUT_PROMETHEUS-TOKEN", "tok-in-container-77");
            env.put("INPUT_REPORT-DIR", "canary-gate-report");
            List<String> args = new ArrayList<>(
                    List.of("--label", "c9e036", "--workdir", "/github/workspace", "--rm", "--network", "host"));
            env.keySet().forEach(k -> args.addAll(List.of("-e", k)));
            args.addAll(runner.volumes());
            args.add(REFERENCE);
            Podman.Result r =
                    podman.run("canarygate_it_" + ProcessHandle.current().pid(), args, env, Duration.ofMinutes(2));

            assertThat(r.exit()).as(r.out() + r.err()).isEqualTo(2);
            assertThat(r.out().lines().findFirst()).contains("::add-mask::tok-in-container-77");
            assertThat(r.err()).contains("::error title=Canary Gate%3A bad input::input command: \"redeploy\"");
            assertThat(Files.readString(runner.output)).contains("reason=input command: \"redeploy\" is not a command");
            assertThat(Files.readString(runner.summary)).startsWith("### Canary Gate: bad input");
            for (Path f : runner.writtenFiles(root.resolve("runner"))) {
                assertThat(Files.readString(f)).as(f.toString()).doesNotContain("tok-in-container-77");
            }
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
