package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.state.AnalysisRecord;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.state.Trigger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusViewTest {
    static final Trigger RUN =
            new Trigger("github", "77", "octocat", "https://github.com/acme/checkout/actions/runs/77");
    static final Instant T0 = Instant.parse("2026-12-01T07:00:00.123456Z");

    static RolloutRecord record(Phase phase, int weight, int transitions, List<AnalysisRecord> analyses) {
        List<Transition> history = new ArrayList<>();
        for (int i = 0; i < transitions; i++) {
            history.add(
                    new Transition(T0.plusSeconds(i), i == 0 ? null : Phase.RUNNING, phase, weight, RUN, "step " + i));
        }
        return new RolloutRecord(
                RolloutRecord.SCHEMA,
                "checkout",
                "shop",
                "checkout",
                "checkout-canary",
                "replicas",
                phase,
                weight,
                Map.of("app", "ghcr.io/acme/checkout:1.3.0"),
                Map.of("app", "ghcr.io/acme/checkout:1.4.0"),
                "4",
                RUN,
                history,
                analyses,
                T0,
                T0);
    }

    @Test
    void showsPhaseWeightBarImagesReplicasAndTheHistoryTail() {
        AnalysisRecord passed = new AnalysisRecord(
                "w10",
                10,
                Map.of(),
                Map.of(),
                null,
                List.of(),
                "PASS",
                "every objective held",
                T0.plusSeconds(1800),
                RUN);
        String text = StatusView.text(new RolloutStatus(record(Phase.RUNNING, 25, 7, List.of(passed)), 25, 5, 5, 2, 2));
        assertThat(text)
                .contains("Phase:       ◌ RUNNING")
                .contains("[█████░░░░░░░░░░░░░░░] 25% canary")
                .contains("ghcr.io/acme/checkout:1.3.0 (stable)")
                .contains("ghcr.io/acme/checkout:1.4.0 (canary)")
                .contains("checkout-canary")
                .contains("2/2 ready")
                .contains("w10")
                .contains("✔ PASS")
                .contains("2026-12-01T07:30:00Z")
                .contains("History (last 5 of 7)")
                .contains("step 6")
                .doesNotContain("step 1 ")
                .contains("github run 77 (octocat)");
    }

    @Test
    void aRouterWeightThatDiffersFromTheRecordIsShownWithBoth() {
        String text = StatusView.text(new RolloutStatus(record(Phase.PAUSED, 10, 1, List.of()), 0, 5, 5, 0, 1));
        assertThat(text)
                .contains("॥ PAUSED")
                .contains("0% canary (recorded 10%)")
                .contains("none yet");
    }

    @Test
    void theBarHasOneBlockPerFivePercent() {
        assertThat(StatusView.bar(0)).isEqualTo("[░░░░░░░░░░░░░░░░░░░░]");
        assertThat(StatusView.bar(50)).isEqualTo("[██████████░░░░░░░░░░]");
        assertThat(StatusView.bar(100)).isEqualTo("[████████████████████]");
    }
}
