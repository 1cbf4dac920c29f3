package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume point survives the rollout record (JSON) and Java serialization (faces that persist plain data). */
class AnalysisStateTest {
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    private static AnalysisState state() {
        Measurement inf = new Measurement(
                "p95-latency",
                T0.plusSeconds(60),
                Measurement.Outcome.BREACH,
                Double.POSITIVE_INFINITY,
                Comparison.LE,
                0.5,
                1234.0,
                "+Inf > 0.5");
        Measurement noData = new Measurement(
                "error-rate",
                T0.plusSeconds(60),
                Measurement.Outcome.INCONCLUSIVE,
                null,
                Comparison.LT,
                0.05,
                null,
                "no data (NaN)");
        return new AnalysisState(
                T0,
                T0.plus(Duration.ofMinutes(30)),
                Duration.ofSeconds(30),
                1,
                List.of(
                        new ObjectiveState("p95-latency", 1, 0, 1, 1, 0, inf),
                        new ObjectiveState("error-rate", 1, 0, 0, 0, 1, noData)));
    }

    @Test
    void roundTripsThroughTheRecordJsonIncludingInfinityAndMissingValues() throws Exception {
        AnalysisState state = state();

        String json = Json.mapper().writeValueAsString(state);
        AnalysisState back = Json.mapper().readValue(json, AnalysisState.class);

        assertThat(back).isEqualTo(state);
        assertThat(back.objective("p95-latency").last().value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(back.objective("error-rate").last().value()).isNull();
    }

    @Test
    void isJavaSerializableWithItsLastMeasurements() throws Exception {
        AnalysisState state = state();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(state);
        }

        Object back;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            back = in.readObject();
        }

        assertThat(back).isEqualTo(state);
    }
}
