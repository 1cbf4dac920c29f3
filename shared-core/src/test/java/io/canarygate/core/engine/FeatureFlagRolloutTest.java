package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.OLD_IMAGE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.image;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.Json;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.state.Phase;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A flag-only release through the engine: the image stays the running one, the flag's percentage is the weight.
 * Promotion leaves the flag at 100%, rollback at 0%; no canary pod runs at any point.
 */
class FeatureFlagRolloutTest {
    private EngineFixture f;
    private HttpServer flags;
    private final List<Integer> percentages = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        f = EngineFixture.start();
        flags = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        flags.createContext("/flags/new-checkout", exchange -> {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            int code = 401;
            if ("Bearer flag-secret".equals(auth)) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                percentages.add(Json.mapper().readTree(body).get("percentage").asInt());
                code = 204;
            }
            exchange.sendResponseHeaders(code, -1);
            exchange.close();
        });
        flags.start();
        f.env = Map.of("FLAG_TOKEN", "flag-secret");
        f.spec = EngineFixture.spec(
                """
                traffic:
                  router: feature-flag
                  featureFlag:
                    url: http://127.0.0.1:%d/flags/{flag}
                    flag: new-checkout
                    token: {env: FLAG_TOKEN}
                steps: [{weight: 10}, {weight: 50}]
                """
                        .formatted(flags.getAddress().getPort()),
                Map.of("target.image", OLD_IMAGE));
    }

    @AfterEach
    void stop() {
        flags.stop(0);
        f.close();
    }

    @Test
    void promotionLeavesTheFlagAtOneHundredPercent() {
        CanaryEngine engine = f.engine();

        RolloutStatus at10 = await(engine.deploy(f.spec, 10));
        assertThat(at10.record().phase()).isEqualTo(Phase.RUNNING);
        assertThat(at10.routerWeight()).isEqualTo(10);
        assertThat(at10.canaryReplicas()).isZero();
        await(engine.deploy(f.spec, 50));
        RolloutStatus promoted = await(engine.promote(f.spec));

        assertThat(promoted.record().phase()).isEqualTo(Phase.PROMOTED);
        assertThat(percentages).containsExactly(10, 50, 100);
        assertThat(image(f.stable())).isEqualTo(OLD_IMAGE);
        assertThat(f.canary()).isNull();
    }

    @Test
    void rollbackTurnsTheFlagOff() {
        CanaryEngine engine = f.engine();
        await(engine.deploy(f.spec, 10));

        RolloutStatus back = await(engine.rollback(f.spec, "flag errors", RollbackMode.IMMEDIATE));

        assertThat(back.record().phase()).isEqualTo(Phase.ROLLED_BACK);
        assertThat(percentages).containsExactly(10, 0);
    }
}
