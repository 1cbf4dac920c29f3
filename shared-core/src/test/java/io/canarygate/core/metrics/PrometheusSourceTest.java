package io.canarygate.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PrometheusSource} against a real HTTP server (okhttp's MockWebServer) speaking Prometheus' API. */
class PrometheusSourceTest {
    private static final String TOKEN = "s3cr3t-t0ken-value";
    private static final String PASSWORD = "pa55-w0rd-value";
    private static final SecretResolver SECRETS = SecretResolver.of(Map.of("PROM_TOKEN", TOKEN, "PROM_PASS", PASSWORD));
    private static final Instant T = Instant.ofEpochSecond(1704078000, 500_000_000);
    private static final String VECTOR =
            "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"version\":\"canary\"},\"value\":[1704078000.5,\"0.95\"]}]}}";

    private final MockWebServer server = new MockWebServer();

    @BeforeEach
    void start() throws IOException {
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private MetricsSpec.Prometheus spec(MetricsSpec.Auth auth, int retries, Duration backoff, Duration timeout) {
        return new MetricsSpec.Prometheus(
                URI.create(baseUrl() + "/"),
                auth,
                Map.of("X-Scope-OrgID", "team-a"),
                MetricsSpec.Tls.DEFAULT,
                Duration.ofSeconds(2),
                timeout,
                retries,
                backoff);
    }

    private PrometheusSource source(int retries) {
        return new PrometheusSource(
                spec(
                        new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("PROM_TOKEN")),
                        retries,
                        Duration.ofMillis(10),
                        Duration.ofSeconds(5)),
                SECRETS);
    }

    private static MockResponse json(int code, String body) {
        return new MockResponse.Builder()
                .code(code)
                .setHeader("Content-Type", "application/json")
                .body(body)
                .build();
    }

    private static Map<String, String> form(RecordedRequest r) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (String pair : r.getBody().utf8().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    private RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        assertThat(r).as("a request reached the server").isNotNull();
        return r;
    }

    @Test
    void postsTheInstantQueryWithItsTimeTheBearerTokenAndTheCustomHeaders() throws Exception {
        server.enqueue(json(200, VECTOR));

        QueryResult result = source(0).instant("sum(rate(x[1m]))", T);

        RecordedRequest r = take();
        assertThat(r.getMethod()).isEqualTo("POST");
        assertThat(r.getUrl().encodedPath()).isEqualTo("/api/v1/query");
        assertThat(form(r)).containsEntry("query", "sum(rate(x[1m]))").containsEntry("time", "1704078000.5");
        assertThat(r.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(r.getHeaders().get("X-Scope-OrgID")).isEqualTo("team-a");
        QueryResult.Vector v = (QueryResult.Vector) result;
        assertThat(v.series()).hasSize(1);
        assertThat(v.series().get(0).labels()).containsEntry("version", "canary");
        assertThat(v.series().get(0).samples()).containsExactly(new QueryResult.Sample(T, 0.95));
    }

    @Test
    void switchesToGetWhenTheServerRefusesPost() throws Exception {
        server.enqueue(json(405, "Method Not Allowed"));
        server.enqueue(json(200, VECTOR));
        server.enqueue(json(200, VECTOR));
        PrometheusSource source = source(0);

        source.instant("up", T);
        source.instant("up", T);

        assertThat(take().getMethod()).isEqualTo("POST");
        RecordedRequest get = take();
        assertThat(get.getMethod()).isEqualTo("GET");
        assertThat(get.getUrl().queryParameter("query")).isEqualTo("up");
        assertThat(get.getUrl().queryParameter("time")).isEqualTo("1704078000.5");
        assertThat(get.getHeaders().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(take().getMethod()).as("GET from then on").isEqualTo("GET");
    }

    @Test
    void sendsBasicAuthResolvedFromTheSecret() throws Exception {
        server.enqueue(json(200, VECTOR));
        PrometheusSource source = new PrometheusSource(
                spec(
                        new MetricsSpec.Auth.Basic("grafana", SecretRef.ofEnv("PROM_PASS")),
                        0,
                        Duration.ZERO,
                        Duration.ofSeconds(5)),
                SECRETS);

        source.instant("up", T);

        assertThat(take().getHeaders().get("Authorization")).isEqualTo(okhttp3.Credentials.basic("grafana", PASSWORD));
    }

    @Test
    void keepsAPathPrefixOfTheBaseUrlAndPostsRangeQueries() throws Exception {
        server.enqueue(
                json(
                        200,
                        "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1704077100,\"0\"],[1704077460,\"10\"]]}]}}"));
        MetricsSpec.Prometheus prefixed = new MetricsSpec.Prometheus(
                URI.create(baseUrl() + "/prometheus/"),
                new MetricsSpec.Auth.None(),
                Map.of(),
                MetricsSpec.Tls.DEFAULT,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                0,
                Duration.ZERO);

        QueryResult result = new PrometheusSource(prefixed, SECRETS)
                .range(
                        "x",
                        Instant.ofEpochSecond(1704077100),
                        Instant.ofEpochSecond(1704077460),
                        Duration.ofSeconds(360));

        RecordedRequest r = take();
        assertThat(r.getUrl().encodedPath()).isEqualTo("/prometheus/api/v1/query_range");
        assertThat(form(r))
                .containsEntry("start", "1704077100")
                .containsEntry("end", "1704077460")
                .containsEntry("step", "360");
        assertThat(r.getHeaders().get("Authorization")).isNull();
        QueryResult.Matrix m = (QueryResult.Matrix) result;
        assertThat(m.series().get(0).samples())
                .extracting(QueryResult.Sample::value)
                .containsExactly(0.0, 10.0);
    }

    @Test
    void parsesScalarsEmptyResultsNanAndInfinities() {
        server.enqueue(json(
                200,
                "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\",\"result\":[1704078000,\"0.333\"]}}"));
        server.enqueue(json(200, "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}"));
        server.enqueue(json(200, vectorOf("NaN")));
        server.enqueue(json(200, vectorOf("+Inf")));
        server.enqueue(json(200, vectorOf("-Inf")));
        PrometheusSource source = source(0);

        assertThat(((QueryResult.Scalar) source.instant("scalar(x)", T))
                        .sample()
                        .value())
                .isEqualTo(0.333);
        assertThat(source.instant("missing", T).isEmpty()).isTrue();
        assertThat(valueOf(source.instant("0/0", T))).isNaN();
        assertThat(valueOf(source.instant("1/0", T))).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(valueOf(source.instant("-1/0", T))).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    private static String vectorOf(String value) {
        return "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"value\":[1704078000,\""
                + value + "\"]}]}}";
    }

    private static double valueOf(QueryResult r) {
        return ((QueryResult.Vector) r).series().get(0).samples().get(0).value();
    }

    @Test
    void retriesA503AndReturnsTheAnswerThatFollows() {
        server.enqueue(json(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}"));
        server.enqueue(json(429, "slow down"));
        server.enqueue(json(200, VECTOR));

        QueryResult result = source(3).instant("up", T);

        assertThat(result.isEmpty()).isFalse();
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void givesUpAfterTheConfiguredRetries() {
        for (int i = 0; i < 5; i++) {
            server.enqueue(json(503, "{\"status\":\"error\",\"errorType\":\"unavailable\",\"error\":\"overloaded\"}"));
        }

        assertThatThrownBy(() -> source(2).instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessageContaining("prometheus " + baseUrl() + " is unavailable after 3 attempt(s)")
                .hasMessageContaining("HTTP 503: unavailable: overloaded")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        assertThat(server.getRequestCount()).isEqualTo(3);
    }

    @Test
    void aRejectedQueryIsABadQueryWithPrometheusTextAndIsNotRetried() {
        server.enqueue(
                json(
                        400,
                        "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": 1:17: parse error: unclosed left parenthesis\"}"));

        assertThatThrownBy(() -> source(3).instant("sum(rate(x[1m])", T))
                .isInstanceOf(BadQueryException.class)
                .hasMessage("prometheus " + baseUrl() + " rejected the query: bad_data: invalid parameter \"query\":"
                        + " 1:17: parse error: unclosed left parenthesis")
                .satisfies(e ->
                        assertThat(((CanaryGateException) e).kind()).isEqualTo(CanaryGateException.Kind.INVALID_INPUT));
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void anUnprocessableQueryIsABadQueryToo() {
        server.enqueue(
                json(
                        422,
                        "{\"status\":\"error\",\"errorType\":\"execution\",\"error\":\"exceeded maximum resolution of 11,000 points per timeseries\"}"));

        assertThatThrownBy(() -> source(3).instant("x", T))
                .isInstanceOf(BadQueryException.class)
                .hasMessageContaining("exceeded maximum resolution");
    }

    @Test
    void aRefusedTokenIsReportedWithAHintAndWithoutTheToken() {
        server.enqueue(json(401, "Unauthorized"));

        assertThatThrownBy(() -> source(3).instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessage("prometheus " + baseUrl()
                        + " answered HTTP 401: Unauthorized; check metrics.prometheus.auth and the secret it names");
        assertThat(server.getRequestCount()).isEqualTo(1);
    }

    @Test
    void aServerThatDoesNotAnswerInTimeIsUnavailable() {
        server.enqueue(new MockResponse.Builder()
                .body(VECTOR)
                .headersDelay(3, TimeUnit.SECONDS)
                .build());
        PrometheusSource source = new PrometheusSource(
                spec(
                        new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("PROM_TOKEN")),
                        3,
                        Duration.ofMillis(100),
                        Duration.ofMillis(400)),
                SECRETS);

        long start = System.nanoTime();
        assertThatThrownBy(() -> source.instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessageContaining("timed out after 400ms (metrics.prometheus.timeout)")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).as("retries stay inside the timeout").isLessThan(2500);
    }

    @Test
    void retriesAndBackoffStayWithinTheTimeout() {
        for (int i = 0; i < 10; i++) {
            server.enqueue(json(503, "busy"));
        }
        PrometheusSource source = new PrometheusSource(
                spec(new MetricsSpec.Auth.None(), 9, Duration.ofMillis(200), Duration.ofMillis(700)), SECRETS);

        long start = System.nanoTime();
        assertThatThrownBy(() -> source.instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessageContaining("no time left to retry within 700ms");
        long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(elapsedMillis).isLessThan(2500);
        assertThat(server.getRequestCount()).isBetween(2, 3);
    }

    @Test
    void aServerThatIsDownIsUnavailableAfterRetries() throws Exception {
        String url = baseUrl();
        server.close();
        PrometheusSource source = new PrometheusSource(
                new MetricsSpec.Prometheus(
                        URI.create(url),
                        new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("PROM_TOKEN")),
                        Map.of(),
                        MetricsSpec.Tls.DEFAULT,
                        Duration.ofSeconds(1),
                        Duration.ofSeconds(5),
                        2,
                        Duration.ofMillis(10)),
                SECRETS);

        assertThatThrownBy(() -> source.instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessageContaining("is unavailable after 3 attempt(s): ConnectException")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(TOKEN));
    }

    @Test
    void trustsTheServerCertificateThroughTheCaFile(@TempDir Path dir) throws Exception {
        HeldCertificate ca = new HeldCertificate.Builder()
                .certificateAuthority(0)
                .commonName("canary-gate test CA")
                .build();
        HeldCertificate cert = new HeldCertificate.Builder()
                .signedBy(ca)
                .addSubjectAlternativeName("127.0.0.1")
                .addSubjectAlternativeName("localhost")
                .build();
        HandshakeCertificates serverCerts =
                new HandshakeCertificates.Builder().heldCertificate(cert).build();
        server.useHttps(serverCerts.sslSocketFactory());
        Path caFile = dir.resolve("ca.pem");
        Files.writeString(caFile, ca.certificatePem());
        server.enqueue(json(200, VECTOR));
        server.enqueue(json(200, VECTOR));

        MetricsSpec.Prometheus trusting = tlsSpec(new MetricsSpec.Tls(Optional.of(caFile.toString()), false));
        assertThat(new PrometheusSource(trusting, SECRETS).instant("up", T).isEmpty())
                .isFalse();
        assertThat(take().getHandshake()).isNotNull();

        MetricsSpec.Prometheus systemOnly = tlsSpec(MetricsSpec.Tls.DEFAULT);
        assertThatThrownBy(() -> new PrometheusSource(systemOnly, SECRETS).instant("up", T))
                .isInstanceOf(MetricSourceUnavailableException.class)
                .hasMessageContaining("SSLHandshakeException");

        MetricsSpec.Prometheus insecure = tlsSpec(new MetricsSpec.Tls(Optional.empty(), true));
        assertThat(new PrometheusSource(insecure, SECRETS).instant("up", T).isEmpty())
                .isFalse();
    }

    private MetricsSpec.Prometheus tlsSpec(MetricsSpec.Tls tls) {
        return new MetricsSpec.Prometheus(
                URI.create("https://127.0.0.1:" + server.getPort() + "/"),
                new MetricsSpec.Auth.None(),
                Map.of(),
                tls,
                Duration.ofSeconds(2),
                Duration.ofSeconds(5),
                0,
                Duration.ZERO);
    }

    @Test
    void anUnreadableCaFileIsAConfigurationErrorNamingTheField(@TempDir Path dir) {
        Path notPem = dir.resolve("ca.pem");

        assertThatThrownBy(() -> new PrometheusSource(
                        tlsSpec(new MetricsSpec.Tls(Optional.of(notPem.toString()), false)), SECRETS))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageStartingWith("metrics.prometheus.tls.caFile: " + notPem + " cannot be read");
    }

    @Test
    void describeShowsTheServerButNeverCredentials() {
        MetricsSpec.Prometheus withUserInfo = new MetricsSpec.Prometheus(
                URI.create("http://admin:" + PASSWORD + "@prometheus.monitoring:9090/?x=1"),
                new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("PROM_TOKEN")),
                Map.of(),
                MetricsSpec.Tls.DEFAULT,
                Duration.ofSeconds(1),
                Duration.ofSeconds(1),
                0,
                Duration.ZERO);

        PrometheusSource source = new PrometheusSource(withUserInfo, SECRETS);

        assertThat(source.describe()).isEqualTo("prometheus http://prometheus.monitoring:9090");
        assertThat(source.toString()).doesNotContain(TOKEN, PASSWORD);
    }

    @Test
    void theDefaultFactorySharesOneSourcePerSpecAndCredential() {
        MetricSources.Caching factory = new MetricSources.Caching(8);
        MetricsSpec.Prometheus spec = spec(
                new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("PROM_TOKEN")), 0, Duration.ZERO, Duration.ofSeconds(1));

        MetricSource a = factory.create(spec, SECRETS);
        MetricSource b = factory.create(spec, SECRETS);
        MetricSource rotated = factory.create(spec, SecretResolver.of(Map.of("PROM_TOKEN", "another-token")));

        assertThat(a).isSameAs(b);
        assertThat(rotated).isNotSameAs(a);
        assertThat(factory.size()).isEqualTo(2);
        assertThat(MetricSources.defaultFactory()).isSameAs(MetricSources.defaultFactory());
    }

    @Test
    void anUnsetTokenFailsWithTheReferenceNotAValue() {
        assertThatThrownBy(() -> new PrometheusSource(
                        spec(
                                new MetricsSpec.Auth.Bearer(SecretRef.ofEnv("NOT_SET")),
                                0,
                                Duration.ZERO,
                                Duration.ofSeconds(1)),
                        SECRETS))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageContaining("secret env NOT_SET is not set");
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getPort();
    }
}
