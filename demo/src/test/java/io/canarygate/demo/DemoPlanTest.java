package io.canarygate.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.canarygate.demo.builtin.PromQl;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoPlanTest {

    @Test
    void everyQueryOfTheDemoPlanRunsOnTheBuiltInEvaluator() throws Exception {
        JsonNode plan;
        try (InputStream in = DemoPlanTest.class.getResourceAsStream("/" + Demo.DEFAULT_PLAN)) {
            plan = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<String> queries = new ArrayList<>();
        for (JsonNode o : plan.get("objectives")) {
            queries.add(o.get("query").asText());
            queries.add(o.get("minEvidence").get("query").asText());
        }
        assertThat(queries).hasSize(4).allSatisfy(q -> assertThat(PromQl.parse(q))
                .isNotNull());
    }

    @Test
    void theDemoPlanGoesTenTwentyFiveFiftyHundredAndFitsInTwoMinutes() throws Exception {
        JsonNode plan;
        try (InputStream in = DemoPlanTest.class.getResourceAsStream("/" + Demo.DEFAULT_PLAN)) {
            plan = new ObjectMapper(new YAMLFactory()).readTree(in);
        }
        List<Integer> weights = new ArrayList<>();
        long seconds = 0;
        for (JsonNode step : plan.get("steps")) {
            if (step.has("weight")) {
                weights.add(step.get("weight").asInt());
                seconds += io.canarygate.core.Durations.parse(
                                step.get("analysis").get("duration").asText())
                        .orElseThrow()
                        .toSeconds();
            }
        }
        assertThat(weights).containsExactly(10, 25, 50, 100);
        assertThat(seconds)
                .as("analysis time, leaving room for startup and rollout")
                .isLessThanOrEqualTo(75);
    }
}
