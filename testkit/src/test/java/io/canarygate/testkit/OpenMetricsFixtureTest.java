package io.canarygate.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OpenMetricsFixtureTest {
    private static final Instant T = Instant.parse("2024-01-01T00:00:00Z");

    @Test
    void writesCountersThatContinueAcrossSegmentsAndSkipGaps() {
        OpenMetricsFixture f = new OpenMetricsFixture(T, Duration.ofSeconds(15))
                .traffic("canary", Duration.ofSeconds(30), 100, 0.1)
                .gap("canary", Duration.ofSeconds(15))
                .idle("canary", Duration.ofSeconds(15));

        String text = f.toOpenMetrics();

        long t = T.getEpochSecond();
        assertThat(text)
                .startsWith("# HELP http_requests ")
                .contains("# TYPE http_requests counter\n"
                        + "http_requests_total{version=\"canary\",code=\"200\"} 0 " + t + "\n"
                        + "http_requests_total{version=\"canary\",code=\"200\"} 90 " + (t + 15) + "\n"
                        + "http_requests_total{version=\"canary\",code=\"200\"} 180 " + (t + 30) + "\n"
                        + "http_requests_total{version=\"canary\",code=\"200\"} 180 " + (t + 60) + "\n"
                        + "http_requests_total{version=\"canary\",code=\"500\"} 0 " + t + "\n")
                .contains("http_request_duration_seconds_bucket{version=\"canary\",le=\"0.1\"} 200 " + (t + 30) + "\n")
                .doesNotContain(" " + (t + 45) + "\n")
                .endsWith("# EOF\n");
        assertThat(f.end("canary")).isEqualTo(T.plusSeconds(60));
    }

    @Test
    void refusesSegmentsThatDoNotFitTheGrid() {
        OpenMetricsFixture f = new OpenMetricsFixture(T, Duration.ofSeconds(15));

        assertThatThrownBy(() -> f.traffic("canary", Duration.ofSeconds(20), 1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a multiple of the step");
    }
}
