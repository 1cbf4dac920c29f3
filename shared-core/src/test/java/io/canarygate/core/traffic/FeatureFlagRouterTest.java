package io.canarygate.core.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a real flag service on 127.0.0.1: the JDK's HTTP server keeping one flag's percentage. */
class FeatureFlagRouterTest {
    private static final String TOKEN = "flag-token-7d1f9e";
    private static final CanaryTarget TARGET =
            new CanaryTarget("shop", "checkout", "checkout", "checkout-canary", Map.of());

    private HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile int percentage = 0;
    private volatile int failWith = 0;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/flags/new-checkout", this::flag);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void flag(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " " + auth + " " + body);
        int code = 200;
        String answer;
        if (failWith != 0) {
            code = failWith;
            answer = "{\"error\":\"rejected request with header " + auth + "\"}";
        } else if (!("Bearer " + TOKEN).equals(auth)) {
            code = 401;
            answer = "{\"error\":\"unauthorized\"}";
        } else if (exchange.getRequestMethod().equals("GET")) {
            answer = "{\"flag\":\"new-checkout\",\"percentage\":" + percentage + "}";
        } else {
            percentage = Json.mapper().readTree(body).get("percentage").asInt();
            answer = "{}";
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(code, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    @Test
    void eachWeightSetsTheFlagsPercentageAndIsReadBack() {
        FeatureFlagRouter router = router("PUT", "/api/flags/{flag}", Optional.of("/api/flags/{flag}"));
        router.check(TARGET);

        for (int w : new int[] {0, 10, 50, 100, 0}) {
            router.setWeight(TARGET, w);
            assertThat(percentage).isEqualTo(w);
            assertThat(router.weight(TARGET)).isEqualTo(w);
        }
        assertThat(requests)
                .contains("PUT /api/flags/new-checkout Bearer " + TOKEN
                        + " {\"flag\":\"new-checkout\",\"percentage\":50}");
        assertThat(router.canaryReplicas(4, 50)).isZero();
    }

    @Test
    void theWeightCanTravelInTheUrlAndWithoutReadUrlTheLastSetWeightIsReported() {
        FeatureFlagRouter router = router("PATCH", "/api/flags/{flag}?percentage={weight}", Optional.empty());
        assertThat(router.weight(TARGET)).isZero();

        router.setWeight(TARGET, 25);
        router.setWeight(TARGET, 25);

        assertThat(requests)
                .hasSize(2)
                .allMatch(r -> r.startsWith("PATCH /api/flags/new-checkout?percentage=25 Bearer " + TOKEN));
        assertThat(router.weight(TARGET)).isEqualTo(25);
    }

    @Test
    void rollbackSetsZeroAndRemoveSendsNothingMore() {
        FeatureFlagRouter router = router("POST", "/api/flags/{flag}", Optional.of("/api/flags/{flag}"));
        router.setWeight(TARGET, 50);

        router.setWeight(TARGET, 0);
        int sent = requests.size();
        router.remove(TARGET);

        assertThat(percentage).isZero();
        assertThat(requests).hasSize(sent);
    }

    @Test
    void aRefusedCallNamesTheFieldAndStatusButNeverTheToken() {
        FeatureFlagRouter router = router("PUT", "/api/flags/{flag}?key=abc", Optional.empty());
        failWith = 403;

        assertThatThrownBy(() -> router.setWeight(TARGET, 10)).isInstanceOfSatisfying(CanaryGateException.class, e -> {
            assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT);
            assertThat(e.getMessage())
                    .startsWith("PUT http://127.0.0.1:" + port() + "/api/flags/new-checkout?<query not shown>"
                            + " (traffic.featureFlag.url): HTTP 403")
                    .contains("Bearer <token>")
                    .contains("check the token (traffic.featureFlag.token)")
                    .doesNotContain(TOKEN)
                    .doesNotContain("key=abc");
        });

        failWith = 503;
        assertThatThrownBy(() -> router.setWeight(TARGET, 10))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INFRASTRUCTURE))
                .hasMessageNotContaining(TOKEN);
    }

    @Test
    void checkFailsOnAnUnknownFlagOrAnUnsetTokenBeforeAnythingChanges() {
        FeatureFlagRouter unknown = router("PUT", "/api/flags/{flag}", Optional.of("/api/flags/old-checkout"));
        assertThatThrownBy(() -> unknown.check(TARGET))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessageStartingWith(
                        "traffic.featureFlag.flag: \"new-checkout\" is not known to GET http://127.0.0.1:" + port()
                                + "/api/flags/old-checkout (traffic.featureFlag.readUrl): HTTP 404");

        FeatureFlagRouter noToken = new FeatureFlagRouter(
                spec("PUT", "/api/flags/{flag}", Optional.of("/api/flags/{flag}")), SecretResolver.of(Map.of()));
        assertThatThrownBy(() -> noToken.check(TARGET))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INVALID_INPUT))
                .hasMessage("secret env FLAG_TOKEN is not set; export FLAG_TOKEN (or bind a credential to it) before"
                        + " running");
        assertThat(requests).allMatch(r -> r.startsWith("GET "));
    }

    @Test
    void anUnreachableServiceIsAnInfrastructureFailure() {
        int port = port();
        server.stop(0);
        FeatureFlagRouter router = router("PUT", "/api/flags/{flag}", Optional.empty());

        assertThatThrownBy(() -> router.setWeight(TARGET, 10))
                .isInstanceOfSatisfying(
                        CanaryGateException.class, e -> assertThat(e.kind()).isEqualTo(Kind.INFRASTRUCTURE))
                .hasMessageStartingWith("PUT http://127.0.0.1:" + port + "/api/flags/new-checkout"
                        + " (traffic.featureFlag.url): connection failed");
    }

    private FeatureFlagRouter router(String method, String path, Optional<String> readPath) {
        return new FeatureFlagRouter(spec(method, path, readPath), SecretResolver.of(Map.of("FLAG_TOKEN", TOKEN)));
    }

    private RouterSpec.FeatureFlag spec(String method, String path, Optional<String> readPath) {
        String base = "http://127.0.0.1:" + port();
        return new RouterSpec.FeatureFlag(
                base + path,
                method,
                "new-checkout",
                Optional.of(SecretRef.ofEnv("FLAG_TOKEN")),
                readPath.map(p -> base + p));
    }

    private int port() {
        return server.getAddress().getPort();
    }
}
