package io.canarygate.core.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.Json;
import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.Trigger;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NotificationsTest {
    private static final String SLACK_TOKEN_PATH = "/services/T0CANARY/B0GATE/xoxbSecretToken123";
    private static final String HOOK_SECRET = "hmac-s3cret-value";
    private static final Trigger TRIGGER =
            new Trigger("github", "987654321", "alice", "https://github.com/acme/shop/actions/runs/987654321");
    private static final RolloutNotification ROLLED_BACK = new RolloutNotification(
            NotifyEvent.ROLLED_BACK,
            "checkout",
            "shop",
            Phase.ROLLED_BACK,
            0,
            null,
            "p95-latency breached 3 times in a row (0.71 > 0.5)",
            TRIGGER,
            Instant.parse("2026-12-01T12:06:05Z"));

    private HttpServer server;
    private ExecutorService serverThreads;
    private final CountDownLatch releaseSlow = new CountDownLatch(1);
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Deque<Integer> statuses = new ArrayDeque<>();

    record Received(String path, Map<String, List<String>> headers, byte[] body) {
        String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst()
                    .orElse(null);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(
                    new Received(exchange.getRequestURI().getPath(), Map.copyOf(exchange.getRequestHeaders()), body));
            Integer status;
            synchronized (statuses) {
                status = statuses.isEmpty() ? 200 : statuses.poll();
            }
            byte[] answer = (status == 200 ? "ok" : "no_service").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.createContext("/slow", exchange -> {
            try {
                releaseSlow.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        serverThreads = Executors.newFixedThreadPool(2);
        server.setExecutor(serverThreads);
        server.start();
    }

    @AfterEach
    void stopServer() {
        releaseSlow.countDown();
        server.stop(0);
        serverThreads.shutdownNow();
    }

    private String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    private void answer(Integer... codes) {
        synchronized (statuses) {
            statuses.addAll(List.of(codes));
        }
    }

    private static NotifySpec slack(Set<NotifyEvent> on) {
        return new NotifySpec.Slack(SecretRef.ofEnv("SLACK_WEBHOOK_URL"), on);
    }

    private static NotifySpec webhook(boolean signed, Set<NotifyEvent> on) {
        return new NotifySpec.Webhook(
                SecretRef.ofEnv("HOOK_URL"),
                signed ? Optional.of(SecretRef.ofEnv("HOOK_SECRET")) : Optional.empty(),
                on);
    }

    private SecretResolver env() {
        return SecretResolver.of(Map.of(
                "SLACK_WEBHOOK_URL", url(SLACK_TOKEN_PATH),
                "HOOK_URL", url("/hooks/canary?token=q1w2e3r4t5"),
                "HOOK_SECRET", HOOK_SECRET));
    }

    @Test
    void slackHearsTheRollbackWithRolloutPhaseWeightReasonAndRunLink() throws Exception {
        List<String> warnings = Notifications.from(List.of(slack(Set.of(NotifyEvent.ROLLED_BACK))), env())
                .send(ROLLED_BACK);

        assertThat(warnings).isEmpty();
        assertThat(received).hasSize(1);
        Received r = received.get(0);
        assertThat(r.path()).isEqualTo(SLACK_TOKEN_PATH);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        JsonNode payload = Json.mapper().readTree(r.body());
        assertThat(payload.get("text").asText())
                .isEqualTo("⛔ checkout rolled back in shop: ROLLED_BACK at 0% — p95-latency breached 3 times in a row"
                        + " (0.71 &gt; 0.5)");
        assertThat(payload.at("/blocks/0/type").asText()).isEqualTo("section");
        assertThat(payload.at("/blocks/0/text/type").asText()).isEqualTo("mrkdwn");
        assertThat(payload.at("/blocks/0/text/text").asText())
                .isEqualTo("⛔ *checkout* rolled back in `shop`: *ROLLED_BACK* at *0%*\n"
                        + "p95-latency breached 3 times in a row (0.71 &gt; 0.5)");
        assertThat(payload.at("/blocks/1/type").asText()).isEqualTo("context");
        assertThat(payload.at("/blocks/1/elements/0/text").asText())
                .isEqualTo("<https://github.com/acme/shop/actions/runs/987654321|github run 987654321> by alice"
                        + " · 2026-12-01 12:06:05 UTC");
    }

    @Test
    void slackShowsTheVerdictOfAnAnalysisEvent() throws Exception {
        RolloutNotification failed = new RolloutNotification(
                NotifyEvent.ANALYSIS_FAILED,
                "checkout",
                "shop",
                Phase.RUNNING,
                25,
                "FAIL",
                "error-rate breached",
                new Trigger("jenkins", "shop/deploy#12", null, null),
                Instant.parse("2026-12-01T12:06:00Z"));

        Notifications.from(List.of(slack(Set.of())), env()).send(failed);

        JsonNode payload = Json.mapper().readTree(received.get(0).body());
        assertThat(payload.at("/blocks/0/text/text").asText())
                .isEqualTo(
                        "❌ *checkout* failed analysis in `shop`: *RUNNING* at *25%* (verdict FAIL)\nerror-rate breached");
        assertThat(payload.at("/blocks/1/elements/0/text").asText())
                .isEqualTo("jenkins run shop/deploy#12 · 2026-12-01 12:06:00 UTC");
    }

    @Test
    void theWebhookGetsTheNotificationAsJsonSignedWithTheSecret() throws Exception {
        List<String> warnings =
                Notifications.from(List.of(webhook(true, Set.of())), env()).send(ROLLED_BACK);

        assertThat(warnings).isEmpty();
        Received r = received.get(0);
        assertThat(r.path()).isEqualTo("/hooks/canary");
        assertThat(r.header("X-Canary-Gate-Event")).isEqualTo("rolled-back");
        RolloutNotification back = Json.mapper().readValue(r.body(), RolloutNotification.class);
        assertThat(back).isEqualTo(ROLLED_BACK);
        JsonNode json = Json.mapper().readTree(r.body());
        assertThat(json.get("event").asText()).isEqualTo("ROLLED_BACK");
        assertThat(json.get("time").asText()).isEqualTo("2026-12-01T12:06:05Z");

        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HOOK_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body()));
        assertThat(r.header("X-Canary-Gate-Signature")).isEqualTo(expected);

        mac.init(new SecretKeySpec("another secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(r.header("X-Canary-Gate-Signature"))
                .isNotEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
    }

    @Test
    void anUnsignedWebhookCarriesNoSignature() {
        Notifications.from(List.of(webhook(false, Set.of())), env()).send(ROLLED_BACK);

        assertThat(received.get(0).header("X-Canary-Gate-Signature")).isNull();
        assertThat(received.get(0).header("X-Canary-Gate-Event")).isEqualTo("rolled-back");
    }

    @Test
    void eachTargetHearsOnlyTheEventsItSubscribedTo() {
        Notifications n = Notifications.from(
                List.of(slack(Set.of(NotifyEvent.PROMOTED)), webhook(false, Set.of(NotifyEvent.ROLLED_BACK))), env());

        assertThat(n.send(ROLLED_BACK)).isEmpty();

        assertThat(received).hasSize(1);
        assertThat(received.get(0).path()).isEqualTo("/hooks/canary");
    }

    @Test
    void aServerErrorIsRetriedOnceThenBecomesAWarningWithoutTheUrl() {
        answer(500, 500);

        List<String> warnings =
                Notifications.from(List.of(slack(Set.of())), env()).send(ROLLED_BACK);

        assertThat(received).hasSize(2);
        assertThat(warnings)
                .containsExactly(
                        "slack notification failed: HTTP 500 after 2 attempts (URL from env SLACK_WEBHOOK_URL)");
        assertNoSecretIn(warnings);
    }

    @Test
    void aServerErrorFollowedBySuccessIsDelivered() {
        answer(503);

        assertThat(Notifications.from(List.of(slack(Set.of())), env()).send(ROLLED_BACK))
                .isEmpty();
        assertThat(received).hasSize(2);
    }

    @Test
    void aClientErrorIsNotRetried() {
        answer(404);

        List<String> warnings =
                Notifications.from(List.of(webhook(true, Set.of())), env()).send(ROLLED_BACK);

        assertThat(received).hasSize(1);
        assertThat(warnings).containsExactly("webhook notification failed: HTTP 404 (URL from env HOOK_URL)");
        assertNoSecretIn(warnings);
    }

    @Test
    void anUnreachableTargetBecomesAWarningAndTheOthersAreStillServed() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        String unreachable = "http://127.0.0.1:" + closedPort + SLACK_TOKEN_PATH;
        SecretResolver secrets = SecretResolver.of(Map.of(
                "SLACK_WEBHOOK_URL", unreachable,
                "HOOK_URL", url("/hooks/canary"),
                "HOOK_SECRET", HOOK_SECRET));

        List<String> warnings = Notifications.from(List.of(slack(Set.of()), webhook(true, Set.of())), secrets)
                .send(ROLLED_BACK);

        assertThat(warnings)
                .containsExactly("slack notification failed: connection failed (ConnectException) after 2 attempts"
                        + " (URL from env SLACK_WEBHOOK_URL)");
        assertThat(warnings.get(0)).doesNotContain(String.valueOf(closedPort));
        assertNoSecretIn(warnings);
        assertThat(received).hasSize(1);
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeBecomesAWarning() {
        SecretResolver secrets =
                SecretResolver.of(Map.of("SLACK_WEBHOOK_URL", url("/slow/T0CANARY/xoxbSecretToken123")));
        OkHttpClient quick = Notifications.configure(new OkHttpClient.Builder())
                .callTimeout(Duration.ofMillis(300))
                .build();

        List<String> warnings =
                Notifications.from(List.of(slack(Set.of())), secrets, quick).send(ROLLED_BACK);

        assertThat(warnings).hasSize(1);
        assertThat(warnings.get(0))
                .startsWith("slack notification failed: timed out (")
                .endsWith(") after 2 attempts (URL from env SLACK_WEBHOOK_URL)");
        assertNoSecretIn(warnings);
    }

    @Test
    void deliveriesUseShortTimeoutsAndFollowNoRedirects() {
        OkHttpClient c = Notifications.configure(new OkHttpClient.Builder()).build();

        assertThat(c.connectTimeoutMillis()).isEqualTo(3_000);
        assertThat(c.callTimeoutMillis()).isEqualTo(5_000);
        assertThat(c.followRedirects()).isFalse();
        assertThat(c.retryOnConnectionFailure()).isFalse();
    }

    @Test
    void aMissingOrMalformedSecretBecomesAWarningNamingTheReference() {
        SecretResolver secrets =
                SecretResolver.of(Map.of("HOOK_URL", "hooks.example.invalid/no-scheme-" + HOOK_SECRET));

        List<String> warnings = Notifications.from(List.of(slack(Set.of()), webhook(false, Set.of())), secrets)
                .send(ROLLED_BACK);

        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(0)).startsWith("slack notification failed: secret env SLACK_WEBHOOK_URL is not set");
        assertThat(warnings.get(1))
                .isEqualTo("webhook notification failed: the URL from env HOOK_URL is not an http(s) URL;"
                        + " check the value you bound to it");
        assertNoSecretIn(warnings);
        assertThat(received).isEmpty();
    }

    @Test
    void aResolverThatThrowsSomethingUnexpectedDoesNotFailTheRollout() {
        SecretResolver broken = ref -> {
            throw new IllegalStateException("credential store is down: " + HOOK_SECRET);
        };

        List<String> warnings =
                Notifications.from(List.of(webhook(true, Set.of())), broken).send(ROLLED_BACK);

        assertThat(warnings)
                .containsExactly("webhook notification failed: secret env HOOK_URL could not be resolved"
                        + " (IllegalStateException)");
        assertNoSecretIn(warnings);
    }

    @Test
    void payloadsCarryNoSecretEvenWhenTheTriggerHoldsOrdinaryValues() {
        Notifications.from(List.of(slack(Set.of()), webhook(true, Set.of())), env())
                .send(ROLLED_BACK);

        assertThat(received).hasSize(2);
        for (Received r : received) {
            assertThat(r.text())
                    .contains(TRIGGER.url())
                    .contains("alice")
                    .doesNotContain("xoxbSecretToken123")
                    .doesNotContain("T0CANARY")
                    .doesNotContain("q1w2e3r4t5")
                    .doesNotContain(HOOK_SECRET)
                    .doesNotContain(String.valueOf(server.getAddress().getPort()));
            r.headers().values().forEach(v -> assertThat(String.join(",", v)).doesNotContain(HOOK_SECRET));
        }
    }

    private void assertNoSecretIn(List<String> warnings) {
        for (String w : warnings) {
            assertThat(w)
                    .doesNotContain("xoxbSecretToken123")
                    .doesNotContain("T0CANARY")
                    .doesNotContain("/services")
                    .doesNotContain("q1w2e3r4t5")
                    .doesNotContain(HOOK_SECRET)
                    .doesNotContain("127.0.0.1")
                    .doesNotContain("http://");
        }
    }
}
