package io.canarygate.core.engine;

import static io.canarygate.core.engine.EngineFixture.ERROR_RATE;
import static io.canarygate.core.engine.EngineFixture.await;
import static io.canarygate.core.engine.EngineFixture.drive;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.Json;
import io.canarygate.core.report.Reports;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.time.VirtualScheduler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The evidence of a rollout the engine really ran on the mock cluster: 10% passes its window, then a guard window at
 * the same weight sees two breaches in a row and the rollout is rolled back. The reports are built from the record read back from the cluster, and every transition reached the
 * signed webhook.
 */
class EvidenceOfARealRolloutTest {
    private static final String SECRET = "hook-signing-secret";
    private static final String PLAN =
            """
            objectives:
              - name: error-rate
                query: 'error_rate{version="canary"}'
                op: "<="
                threshold: 0.05
                consecutive: 2
            steps:
              - weight: 10
                analysis: {duration: 2m, interval: 30s}
            notify:
              - webhook: {url: {env: HOOK_URL}, hmacSecret: {env: HOOK_SECRET}}
            """;

    private EngineFixture f;
    private HttpServer hook;
    private final List<Map.Entry<Map<String, List<String>>, byte[]>> deliveries = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        hook.createContext("/hook", exchange -> {
            deliveries.add(Map.entry(
                    Map.copyOf(exchange.getRequestHeaders()),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hook.start();
        f = EngineFixture.start(PLAN);
        f.env = Map.of("HOOK_URL", "http://127.0.0.1:" + hook.getAddress().getPort() + "/hook", "HOOK_SECRET", SECRET);
    }

    @AfterEach
    void stop() {
        f.close();
        hook.stop(0);
    }

    @Test
    void aRolledBackRolloutLeavesReportsAndSignedNotificationsOfEveryStep() throws Exception {
        await(f.engine().deploy(f.spec, 10));
        VirtualScheduler clock = EngineFixture.virtualClock();
        drive(clock, f.engine(clock).waitForSlo(f.spec, WaitOptions.defaults()));
        f.metrics.set(ERROR_RATE, 0.09);
        VirtualScheduler later = EngineFixture.virtualClock();
        WaitOptions guard = new WaitOptions(Optional.empty(), Optional.empty(), Optional.of("guard"), Optional.empty());
        WaitResult failed = drive(later, f.engine(later).waitForSlo(f.spec, guard));
        assertThat(failed.rolledBack()).isTrue();

        RolloutRecord r = f.record();
        assertThat(r.phase()).isEqualTo(Phase.ROLLED_BACK);

        JsonNode json = Json.mapper().readTree(Reports.json(r));
        assertThat(json.get("outcome").asText()).isEqualTo("rolled-back");
        assertThat(json.at("/analyses/0/verdict").asText()).isEqualTo("PASS");
        assertThat(json.at("/analyses/1/verdict").asText()).isEqualTo("FAIL");
        assertThat(json.at("/analyses/1/objectives/0/verdict").asText()).isEqualTo("failed");
        assertThat(json.at("/analyses/1/measurements")).hasSize(2);
        assertThat(json.at("/analyses/1/measurements/1/reason").asText()).isEqualTo("0.09 > 0.05");

        String md = Reports.markdown(r);
        assertThat(md)
                .startsWith("## ⛔ rolled back: checkout")
                .contains("> error-rate breached 2 times in a row (0.09 > 0.05)")
                .contains("### Window `w10` at 10%: ✅ PASS")
                .contains("### Window `guard` at 10%: ⛔ FAIL")
                .contains("    line [0.09, 0.09]\n    line [0.05, 0.05]\n");

        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document junit = factory.newDocumentBuilder()
                .parse(new ByteArrayInputStream(Reports.junit(r).getBytes(StandardCharsets.UTF_8)));
        assertThat(junit.getDocumentElement().getAttribute("tests")).isEqualTo("2");
        assertThat(junit.getDocumentElement().getAttribute("failures")).isEqualTo("1");
        Element failure = (Element) junit.getElementsByTagName("failure").item(0);
        assertThat(failure.getParentNode().getAttributes().getNamedItem("name").getNodeValue())
                .isEqualTo("guard: error-rate <= 0.05");

        List<String> events = deliveries.stream()
                .map(d -> header(d.getKey(), "X-Canary-Gate-Event"))
                .toList();
        assertThat(events).containsSubsequence("deployed", "analysis-passed", "analysis-failed", "rolled-back");
        for (var d : deliveries) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(header(d.getKey(), "X-Canary-Gate-Signature"))
                    .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(d.getValue())));
        }
        JsonNode last =
                Json.mapper().readTree(deliveries.get(deliveries.size() - 1).getValue());
        assertThat(last.get("phase").asText()).isEqualTo("ROLLED_BACK");
        assertThat(last.get("reason").asText()).isEqualTo("error-rate breached 2 times in a row (0.09 > 0.05)");
        assertThat(last.at("/trigger/url").asText()).isEqualTo(EngineFixture.RUN.url());
    }

    private static String header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(e -> e.getValue().get(0))
                .findFirst()
                .orElse(null);
    }
}
