package io.canarygate.core.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class MannWhitneyTest {
    @Test
    void normalQuantilesMatchTheTables() {
        assertThat(MannWhitney.normalQuantile(0.5)).isCloseTo(0, within(1e-12));
        assertThat(MannWhitney.normalQuantile(0.975)).isCloseTo(1.959963985, within(1e-8));
        assertThat(MannWhitney.normalQuantile(0.995)).isCloseTo(2.575829304, within(1e-8));
        assertThat(MannWhitney.normalQuantile(0.05)).isCloseTo(-1.644853627, within(1e-8));
        assertThat(MannWhitney.normalQuantile(0.001)).isCloseTo(-3.090232306, within(1e-8));
    }

    @Test
    void aSmallSampleByHand() {
        // Differences 3-1, 3-2, 4-1, 4-2, 5-1, 5-2 = {1, 2, 2, 3, 3, 4}: median 2.5. Six differences are too few to
        // drop any at 95% (6/2 - 1.96 * sqrt(3 * 2 * 6 / 12) < 0), so the interval is all of them.
        MannWhitney.Shift s = MannWhitney.shift(new double[] {3, 4, 5}, new double[] {1, 2}, 0.95);

        assertThat(s).isEqualTo(new MannWhitney.Shift(2.5, 1, 4));
    }

    @Test
    void theEstimateOfAPureShiftIsTheShiftAndItsIntervalIsAroundIt() {
        Random random = new Random(7);
        double[] baseline = IntStream.range(0, 20)
                .mapToDouble(i -> 0.2 + 0.05 * random.nextGaussian())
                .toArray();
        double[] canary =
                IntStream.range(0, 20).mapToDouble(i -> baseline[i] + 0.1).toArray();

        MannWhitney.Shift s = MannWhitney.shift(canary, baseline, 0.95);

        assertThat(s.estimate()).isCloseTo(0.1, within(1e-12));
        assertThat(s.low()).isLessThan(0.1).isGreaterThan(0.0);
        assertThat(s.high()).isGreaterThan(0.1);
        // 20 x 20: 400 differences, floor(200 - 1.96 * sqrt(400 * 41 / 12)) = 127 dropped at each end.
        assertThat(s.high() - 0.1).isCloseTo(0.1 - s.low(), within(1e-12));
    }

    @Test
    void samplesOfOneDistributionHaveAnIntervalAroundZeroThatNarrowsWithMoreData() {
        Random random = new Random(11);
        double[] a = random.doubles(30).toArray();
        double[] b = random.doubles(30).toArray();
        double[] manyA = random.doubles(300).toArray();
        double[] manyB = random.doubles(300).toArray();

        MannWhitney.Shift few = MannWhitney.shift(a, b, 0.95);
        MannWhitney.Shift many = MannWhitney.shift(manyA, manyB, 0.95);

        assertThat(few.low()).isNegative();
        assertThat(few.high()).isPositive();
        assertThat(many.low()).isNegative();
        assertThat(many.high()).isPositive();
        assertThat(many.high() - many.low()).isLessThan((few.high() - few.low()) / 2);
        // A higher confidence widens the interval.
        MannWhitney.Shift strict = MannWhitney.shift(a, b, 0.99);
        assertThat(strict.low()).isLessThanOrEqualTo(few.low());
        assertThat(strict.high()).isGreaterThanOrEqualTo(few.high());
    }

    @Test
    void anOutlierMovesTheEstimateLittle() {
        double[] baseline = {10, 11, 12, 13, 14, 15, 16, 17, 18, 19};
        double[] canary = {10, 11, 12, 13, 14, 15, 16, 17, 18, 1000};

        assertThat(MannWhitney.shift(canary, baseline, 0.95).estimate()).isBetween(0.0, 1.0);
    }

    @Test
    void refusesEmptySamplesAndAConfidenceOutsideZeroToOne() {
        assertThatThrownBy(() -> MannWhitney.shift(new double[0], new double[] {1}, 0.95))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MannWhitney.shift(new double[] {1}, new double[] {1}, 1.0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
