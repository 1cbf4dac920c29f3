package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.NS;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.metrics.MetricSources;
import io.canarygate.core.report.Reports;
import io.canarygate.core.spec.SpecLoader;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.VirtualScheduler;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Invariant 6: a bearer token resolved from the environment and a Slack webhook URL are used (Prometheus sees the
 * token, Slack sees the posts) but never reach a progress line, a log line (stdout/stderr, where slf4j-simple writes),
 * an exception message, the record, an Event, the Lease or a report file.
 */
class SecretsNeverLeakTest {
    private static final String TOKEN = "tok-7f3a9c-SECRET-e41b";
    private static final String HOOK_PATH = "/services/T0001/B0002/hookSECRETpath9";

    private EngineFixture f;
    private HttpServer http;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final List<String> slackPosts = new CopyOnWriteArrayList<>();
    private volatile int prometheusStatus = 200;
    private volatile String errorRate = "0.01";
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private PrintStream out;
    private PrintStream err;

    @BeforeEach
    void start() throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/api/v1/query", this::prometheus);
        http.createContext("/services/", this::slack);
        http.start();
        f = EngineFixture.start();
        String base = "http://127.0.0.1:" + http.getAddress().getPort();
        f.env = Map.of("PROM_TOKEN", TOKEN, "SLACK_WEBHOOK_URL", base + HOOK_PATH);
        f.metricSources = MetricSources.defaultFactory();
        f.spec = SpecLoader.parse(
                EngineFixture.BASE.replace(
                                "url: http://127.0.0.1:1",
                                "url: " + base + "\n    auth: {bearer: {env:"
                                        + " PROM_TOKEN}}\n    retries: 1\n    retryBackoff: 10ms")
                        + EngineFixture.PLAN
                        + "notify:\n  - slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}}\n",
                "canary.yaml",
                Map.of());
        out = System.out;
        err = System.err;
        PrintStream tee = new PrintStream(console, true, StandardCharsets.UTF_8);
        System.setOut(tee);
        System.setErr(tee);
    }

    @AfterEach
    void stop() {
        System.setOut(out);
        System.setErr(err);
        f.close();
        http.stop(0);
    }

    private void prometheus(HttpExchange exchange) throws IOException {
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        exchange.getRequestBody().readAllBytes();
        String body = prometheusStatus == 200
                ? "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},"
                        + "\"value\":[1764547200,\"" + errorRate + "\"]}]}}"
                : "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}";
        respond(exchange, prometheusStatus, body);
    }

    private void slack(HttpExchange exchange) throws IOException {
        slackPosts.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        // Slack being down makes the engine warn about it: that warning must not carry the URL either.
        respond(exchange, 500, "internal_error");
    }

    private static void respond(HttpExchange exchange, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream o = exchange.getResponseBody()) {
            o.write(bytes);
        }
    }

    @Test
    void tokenAndWebhookUrlNeverReachLogsReportsEventsOrTheRecord(@TempDir Path reports) throws IOException {
        List<String> seen = new ArrayList<>();

        prometheusStatus = 503;
        CanaryGateException down = catchThrowableOfType(
                CanaryGateException.class, () -> await(f.engine().deploy(f.spec, 10)));
        assertThat(down).isNotNull();
        for (Throwable t = down; t != null; t = t.getCause()) {
            seen.add(String.valueOf(t.getMessage()));
        }
        prometheusStatus = 200;

        await(f.engine().deploy(f.spec, 10));
        errorRate = "0.2";
        VirtualScheduler clock = EngineFixture.virtualClock();
        WaitResult result = drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        assertThat(result.outcome().verdict()).isInstanceOf(Verdict.Fail.class);
        assertThat(f.record().phase()).isEqualTo(Phase.ROLLED_BACK);

        // The secrets were used: otherwise this test could not fail.
        assertThat(authorizations).contains("Bearer " + TOKEN);
        assertThat(slackPosts).isNotEmpty();
        assertThat(f.lines()).anyMatch(l -> l.toLowerCase().contains("slack"));

        seen.addAll(f.lines());
        seen.add(console.toString(StandardCharsets.UTF_8));
        seen.add(Serialization.asJson(f.recordConfigMap()));
        seen.add(Serialization.asJson(f.kube.v1().events().inNamespace(NS).list()));
        seen.add(Serialization.asJson(f.kube.leases().inNamespace(NS).list()));
        seen.add(
                Serialization.asJson(f.kube.apps().deployments().inNamespace(NS).list()));
        Reports.write(f.record(), reports);
        try (Stream<Path> files = Files.list(reports)) {
            for (Path file : files.toList()) {
                seen.add(Files.readString(file));
            }
        }
        assertThat(seen).hasSizeGreaterThan(8);
        assertThat(f.kube.v1().events().inNamespace(NS).list().getItems()).isNotEmpty();
        for (String text : seen) {
            assertThat(text).doesNotContain(TOKEN).doesNotContain("hookSECRETpath9");
        }
    }
}
