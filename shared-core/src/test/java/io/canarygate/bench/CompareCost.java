package io.canarygate.bench;

import io.canarygate.core.analysis.AnalysisOutcome;
import io.canarygate.core.analysis.AnalysisRun;
import io.canarygate.core.analysis.AnalysisRunner;
import io.canarygate.core.analysis.AnalysisState;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.analysis.Objectives;
import io.canarygate.core.metrics.MetricSource;
import io.canarygate.core.metrics.QueryResult;
import io.canarygate.core.time.VirtualScheduler;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Bench (3): the cost of one evaluation of an objective with {@code compare}, at the sample counts a spec can ask for
 * (21 with the defaults, 241, and the 1,000 limit a side). The metric source hands back noisy series at once, so the
 * figure is the judging (two range results turned into samples, every pairwise difference sorted, the interval read
 * off), not Prometheus. Prints the median time and the bytes allocated per evaluation on the calling thread.
 *
 * <p>Usage: {@code bench/run.sh compare [runs]} (default 30 per size, after 10 warm-up runs).
 */
public final class CompareCost {
    private CompareCost() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%-10s %14s %16s   %s%n", "samples", "median ms", "allocated/eval", "verdict");
        for (int samples : new int[] {21, 241, 1000}) {
            Duration step = Duration.ofSeconds(15);
            Objective objective = Objectives.compared(
                    "latency-vs-stable",
                    "canary",
                    Comparison.LE,
                    0.1,
                    1,
                    new Objective.Baseline("stable", step.multipliedBy(samples - 1), step, 0.95));
            MetricSource source = new NoisySeries(samples, step);
            double[] millis = new double[runs];
            long allocated = 0;
            String verdict = "";
            for (int i = -10; i < runs; i++) {
                long bytes =
                        threads.getThreadAllocatedBytes(Thread.currentThread().getId());
                long t0 = System.nanoTime();
                Measurement m = evaluateOnce(objective, source);
                long t1 = System.nanoTime();
                if (i >= 0) {
                    millis[i] = (t1 - t0) / 1e6;
                    allocated += threads.getThreadAllocatedBytes(
                                    Thread.currentThread().getId())
                            - bytes;
                    verdict = m.outcome() + ", " + m.reason();
                }
            }
            Arrays.sort(millis);
            System.out.printf(
                    Locale.ROOT,
                    "%-10d %14.2f %13.1f MiB   %s%n",
                    samples,
                    millis[runs / 2],
                    allocated / (double) runs / (1 << 20),
                    verdict);
        }
    }

    /** One window of one evaluation, on a virtual clock: the measurement it took. */
    private static Measurement evaluateOnce(Objective objective, MetricSource source) throws Exception {
        Instant start = Instant.parse("2026-12-01T12:00:00Z");
        VirtualScheduler clock = new VirtualScheduler(start);
        List<Objective> list = List.of(objective);
        Duration interval = Duration.ofMinutes(1);
        AnalysisRun run = AnalysisRunner.start(
                list, AnalysisState.start(start, interval, interval, list), source, clock, e -> {});
        AnalysisOutcome outcome = clock.runUntil(run.result(), Duration.ofHours(1));
        return outcome.measurements().get(0);
    }

    /** Answers every range query with one series of {@code samples} values: the canary 4% above the baseline. */
    private record NoisySeries(int samples, Duration step) implements MetricSource {
        @Override
        public QueryResult instant(String query, Instant time) {
            throw new UnsupportedOperationException("compare reads ranges only");
        }

        @Override
        public QueryResult range(String query, Instant start, Instant end, Duration step) {
            Random random = new Random(query.hashCode());
            double level = query.equals("canary") ? 0.208 : 0.200;
            List<QueryResult.Sample> values = new ArrayList<>(samples);
            for (int i = 0; i < samples; i++) {
                values.add(
                        new QueryResult.Sample(start.plus(step.multipliedBy(i)), level + 0.02 * random.nextGaussian()));
            }
            return new QueryResult.Matrix(List.of(new QueryResult.Series(Map.of(), values)));
        }

        @Override
        public String describe() {
            return "noisy series for the bench";
        }
    }
}
