package io.canarygate.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.canarygate.core.time.SystemScheduler;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class TrafficGeneratorTest {
    private static final SystemScheduler SCHEDULER = new SystemScheduler(2);

    @AfterAll
    static void stopScheduler() {
        SCHEDULER.close();
    }

    @Test
    void splitsRequestsByTheWeightInForceAndFollowsItWhenItChanges() throws Exception {
        Behaviour fast = new Behaviour(0.002, 0.2, 0);
        AtomicInteger weight = new AtomicInteger(25);
        try (DemoService stable = DemoService.start("stable", "v1", fast, SCHEDULER, 1);
                DemoService canary = DemoService.start("canary", "v2", fast, SCHEDULER, 2);
                TrafficGenerator traffic =
                        new TrafficGenerator(stable, canary, weight::get, 400, Duration.ofSeconds(4), SCHEDULER, 3)) {
            traffic.start();
            after(Duration.ofMillis(1500));
            long canaryAt25 = traffic.sentToCanary();
            long stableAt25 = traffic.sentToStable();
            double share = (double) canaryAt25 / (canaryAt25 + stableAt25);
            assertThat(canaryAt25 + stableAt25).isGreaterThan(300);
            assertThat(share).isCloseTo(0.25, within(0.07));

            weight.set(0);
            after(Duration.ofMillis(1000)); // the weight is re-read every 500 ms
            long canaryAfterSwitch = traffic.sentToCanary();
            after(Duration.ofMillis(800));
            assertThat(traffic.sentToCanary())
                    .as("nothing reaches the canary at weight 0")
                    .isEqualTo(canaryAfterSwitch);
            assertThat(canary.requests()).isGreaterThan(0).isLessThanOrEqualTo(canaryAfterSwitch);
            assertThat(traffic.failed()).isZero();
        }
    }

    @Test
    void stopsByItselfAfterItsMaximumRun() throws Exception {
        Behaviour fast = new Behaviour(0.002, 0.2, 0);
        try (DemoService stable = DemoService.start("stable", "v1", fast, SCHEDULER, 1);
                DemoService canary = DemoService.start("canary", "v2", fast, SCHEDULER, 2);
                TrafficGenerator traffic =
                        new TrafficGenerator(stable, canary, () -> 50, 100, Duration.ofMillis(500), SCHEDULER, 3)) {
            traffic.start();
            after(Duration.ofMillis(1200));
            assertThat(traffic.running()).isFalse();
            long sent = traffic.sentToCanary() + traffic.sentToStable();
            assertThat(sent).isBetween(30L, 70L);
            after(Duration.ofMillis(300));
            assertThat(traffic.sentToCanary() + traffic.sentToStable()).isEqualTo(sent);
        }
    }

    /** Lets real time pass on the scheduler (the generator runs on it). */
    private static void after(Duration d) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        SCHEDULER.schedule(d, () -> done.complete(null));
        done.get(d.toMillis() + 5000, TimeUnit.MILLISECONDS);
    }
}
