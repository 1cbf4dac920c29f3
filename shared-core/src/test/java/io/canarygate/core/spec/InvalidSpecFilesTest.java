package io.canarygate.core.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.canarygate.core.engine.CanaryEngine;
import io.canarygate.core.engine.EngineContext;
import io.canarygate.core.engine.RolloutListener;
import io.canarygate.core.state.Trigger;
import io.canarygate.core.time.VirtualScheduler;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file under {@code spec/invalid/} is a malformed canary.yaml whose first lines say what must be reported:
 * {@code # expect: <path>: <text>} (one or more), optionally {@code # absent: <text>} (a secret that must not appear in
 * the message) and {@code # count: N} (exactly N errors). Each is handed to a real engine over a mock API server, and
 * the server must see no request: a bad spec is refused before anything touches the cluster.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InvalidSpecFilesTest {
    private static KubernetesMockServer server;
    private static KubernetesClient client;
    private static VirtualScheduler scheduler;
    private static CanaryEngine engine;

    @BeforeAll
    static void startApiServer() throws IOException {
        server = new KubernetesMockServer(
                new Context(), new MockWebServer(), new HashMap<>(), new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getByName("127.0.0.1"), 0);
        client = server.createClient();
        scheduler = new VirtualScheduler(Instant.parse("2026-01-01T00:00:00Z"));
        engine = new CanaryEngine(new EngineContext(
                client,
                scheduler,
                (metrics, secrets) -> {
                    throw new AssertionError("no metric source may be built for an invalid spec");
                },
                SecretResolver.of(Map.of()),
                new Trigger("test", "1", "tester", null),
                RolloutListener.NONE,
                EngineContext.DEFAULT_LEASE_DURATION));
    }

    @AfterAll
    static void stopApiServer() {
        client.close();
        server.destroy();
    }

    static Stream<Path> invalidFiles() throws IOException, URISyntaxException {
        Path dir =
                Path.of(InvalidSpecFilesTest.class.getResource("/spec/invalid").toURI());
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> yaml =
                    files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
            return yaml.stream();
        }
    }

    @Test
    @Order(1)
    void thereAreAtLeastThirtyMalformedFiles() throws Exception {
        assertThat(invalidFiles().count()).isGreaterThanOrEqualTo(30);
    }

    @ParameterizedTest(name = "{0}")
    @Order(2)
    @MethodSource("invalidFiles")
    void refusesMalformedSpecWithoutTouchingTheCluster(Path file) throws IOException {
        Expectations expected = Expectations.of(file);
        int requestsBefore = server.getRequestCount();

        InvalidSpecException e =
                assertThrows(InvalidSpecException.class, () -> engine.deploy(SpecLoader.load(file, Map.of()), 10));

        assertThat(server.getRequestCount())
                .as("requests to the API server")
                .isEqualTo(requestsBefore)
                .isZero();
        assertThat(e.kind()).isEqualTo(io.canarygate.core.CanaryGateException.Kind.INVALID_INPUT);
        assertThat(e.getMessage()).startsWith(file.toString() + ": ");
        for (String[] pathAndText : expected.errors) {
            assertThat(e.errors())
                    .as("errors of %s:%n%s", file.getFileName(), e.getMessage())
                    .anySatisfy(err -> {
                        assertThat(err.path()).isEqualTo(pathAndText[0]);
                        assertThat(err.message()).contains(pathAndText[1]);
                    });
        }
        for (String secret : expected.absent) {
            assertThat(e.getMessage()).doesNotContain(secret);
            assertThat(e.errors())
                    .allSatisfy(err -> assertThat(String.valueOf(err.value())).doesNotContain(secret));
        }
        if (expected.count != null) {
            assertThat(e.errors()).as(e.getMessage()).hasSize(expected.count);
        }
    }

    /**
     * Shows that the count asserted above can move: the same engine, handed a valid spec, goes to the API server (and
     * fails there, since the cluster has no Deployment).
     */
    @Test
    @Order(3)
    void theSameEngineReachesTheApiServerWithAValidSpec() {
        RolloutSpec valid = SpecLoader.parse(
                "target: {namespace: shop, deployment: checkout, image: ghcr.io/acme/checkout:1.4.0}\n",
                "valid.yaml",
                Map.of());
        int before = server.getRequestCount();

        CompletableFuture<?> deploy = engine.deploy(valid, 10);
        Exception e = assertThrows(Exception.class, () -> scheduler.runUntil(deploy, Duration.ofMinutes(1)));

        assertThat(e).hasMessageContaining("target.deployment: \"checkout\" not found in namespace \"shop\"");
        assertThat(server.getRequestCount()).isGreaterThan(before);
    }

    private record Expectations(List<String[]> errors, List<String> absent, Integer count) {
        static Expectations of(Path file) throws IOException {
            List<String[]> errors = new ArrayList<>();
            List<String> absent = new ArrayList<>();
            Integer count = null;
            List<String> lines = Files.readAllLines(file);
            assertThat(lines.get(0)).as("first line of " + file).startsWith("# expect: ");
            for (String line : lines) {
                if (line.startsWith("# expect: ")) {
                    String rest = line.substring("# expect: ".length());
                    int colon = rest.indexOf(": ");
                    errors.add(new String[] {rest.substring(0, colon), rest});
                } else if (line.startsWith("# absent: ")) {
                    absent.add(line.substring("# absent: ".length()));
                } else if (line.startsWith("# count: ")) {
                    count = Integer.parseInt(
                            line.substring("# count: ".length()).strip());
                } else if (!line.startsWith("#")) {
                    break;
                }
            }
            return new Expectations(errors, absent, count);
        }
    }
}
