package io.canarygate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FaultTest {

    @Test
    void successRateFaultMakesTenPercentOfTheCanarysAnswersErrorsFromStageTwentyFive() {
        Fault f = Fault.parse("success-rate=0.9@25");
        assertThat(f.weight()).isEqualTo(25);
        assertThat(f.apply(Behaviour.canaryDefault()).errorRatio()).isCloseTo(0.1, within(1e-12));
        assertThat(f.describe()).isEqualTo("success rate 0.9 (10% errors) from weight 25%");
    }

    @Test
    void latencyFaultShiftsTheDistributionSoItsP95IsTheGivenValue() {
        Behaviour slow = Fault.parse("p95-latency=0.8@50").apply(Behaviour.canaryDefault());
        assertThat(slow.p95Seconds()).isCloseTo(0.8, within(1e-9));
        assertThat(slow.errorRatio()).isEqualTo(Behaviour.canaryDefault().errorRatio());
    }

    @Test
    void rejectsWhatItCannotPlayAndSaysHowToWriteIt() {
        assertThatThrownBy(() -> Fault.parse("cpu=0.9@25"))
                .hasMessageContaining("\"cpu\" is not a fault the demo service can play")
                .hasMessageContaining("--fault success-rate=0.9@25");
        assertThatThrownBy(() -> Fault.parse("success-rate=0.9")).hasMessageContaining("is not name=value@weight");
        assertThatThrownBy(() -> Fault.parse("success-rate=high@25")).hasMessageContaining("\"high\"");
        assertThatThrownBy(() -> Fault.parse("success-rate=1.5@25")).hasMessageContaining("not a ratio");
        assertThatThrownBy(() -> Fault.parse("p95-latency=0.8@0")).hasMessageContaining("not 1–100");
    }
}
