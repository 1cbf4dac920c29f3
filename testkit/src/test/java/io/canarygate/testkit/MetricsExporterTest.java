package io.canarygate.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MetricsExporterTest {
    private final MetricsExporter exporter = MetricsExporter.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        exporter.close();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(exporter.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void everyScrapeAdvancesTheCountersByOneFixedStep() throws Exception {
        assertThat(get("/metrics").body())
                .contains("http_requests_total{version=\"canary\",code=\"200\"} 100\n")
                .contains("http_requests_total{version=\"canary\",code=\"500\"} 0\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"0.1\"} 100\n");
        exporter.setErrorRatio(MetricsExporter.CANARY, 0.02);
        exporter.setLatency(MetricsExporter.CANARY, 0.3);

        String second = get("/metrics").body();

        assertThat(second)
                .contains("http_requests_total{version=\"canary\",code=\"200\"} 198\n")
                .contains("http_requests_total{version=\"canary\",code=\"500\"} 2\n")
                .contains("http_requests_total{version=\"stable\",code=\"200\"} 200\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"0.25\"} 100\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"0.5\"} 200\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"+Inf\"} 200\n")
                .contains("http_request_duration_seconds_count{version=\"canary\"} 200\n")
                .contains("# TYPE http_request_duration_seconds histogram\n");
        assertThat(exporter.scrapes()).isEqualTo(2);
    }

    @Test
    void scriptsInjectFaultsOverHttp() throws Exception {
        HttpResponse<String> set = get("/set?version=canary&errorRatio=0.1&latency=0.8&requests=50");

        assertThat(set.statusCode()).isEqualTo(200);
        assertThat(set.body()).isEqualTo("canary errorRatio=0.1 latency=0.8 requests=50\n");
        assertThat(get("/metrics").body())
                .contains("http_requests_total{version=\"canary\",code=\"500\"} 5\n")
                .contains("http_requests_total{version=\"canary\",code=\"200\"} 45\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"0.5\"} 0\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"1\"} 50\n");
        assertThat(get("/set?version=canary&errorRatio=2").statusCode()).isEqualTo(400);
    }

    @Test
    void listensOnLoopbackOnly() {
        assertThat(exporter.target()).startsWith("127.0.0.1:");
    }
}
