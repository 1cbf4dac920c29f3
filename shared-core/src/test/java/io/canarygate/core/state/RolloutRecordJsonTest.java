package io.canarygate.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.Json;
import org.junit.jupiter.api.Test;

class RolloutRecordJsonTest {

    @Test
    void recordSurvivesAJsonRoundTripExactly() throws Exception {
        RolloutRecord record = Records.sample("shop", "checkout");
        String json = Json.mapper().writeValueAsString(record);

        RolloutRecord back = Json.mapper().readValue(json, RolloutRecord.class);

        assertThat(back).isEqualTo(record);
        assertThat(Json.mapper().writeValueAsString(back)).isEqualTo(json);
        // Human-readable times in the ConfigMap, and NaN kept as a value rather than lost.
        assertThat(json)
                .contains("\"createdAt\":\"2026-12-01T10:02:11.123456Z\"")
                .contains("\"interval\":\"PT30S\"");
        assertThat(back.analyses().get(1).state().objectives().get(1).last().value())
                .isNaN();
        assertThat(back.analyses().get(1).measurements().get(1).value()).isNull();
    }
}
