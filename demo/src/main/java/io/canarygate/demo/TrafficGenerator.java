package io.canarygate.demo;

import io.canarygate.core.time.Scheduler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/**
 * Sends a bounded stream of requests (loopback only) to the stable and the canary service, split by the weight the
 * router set. Every {@link #TICK} it sends its share of {@code rps}; every {@link #WEIGHT_REFRESH} it re-reads the
 * weight. Stops by itself after {@code maxRun}, so a forgotten demo does not load the machine forever.
 */
public final class TrafficGenerator implements AutoCloseable {
    static final Duration TICK = Duration.ofMillis(100);
    static final Duration WEIGHT_REFRESH = Duration.ofMillis(500);
    private static final int MAX_IN_FLIGHT = 400;

    private final DemoService stable;
    private final DemoService canary;
    private final IntSupplier weightSource;
    private final int rps;
    private final Duration maxRun;
    private final Scheduler scheduler;
    private final Random random;
    private final HttpClient http;

    private final AtomicInteger weight = new AtomicInteger();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong toStable = new AtomicLong();
    private final AtomicLong toCanary = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean running;
    private volatile Instant stopAt;
    private volatile Instant nextWeightRead = Instant.MIN;
    private double owed;

    /**
     * @param weightSource the canary weight in force (a {@link WeightProbe}); read on the scheduler every 500 ms
     * @param rps requests per second in all (the demo uses 80)
     * @param maxRun the generator stops after this long whatever happens
     * @param seed seeds the split, so a test run is repeatable
     */
    public TrafficGenerator(
            DemoService stable,
            DemoService canary,
            IntSupplier weightSource,
            int rps,
            Duration maxRun,
            Scheduler scheduler,
            long seed) {
        if (rps < 1 || rps > 1000) {
            throw new IllegalArgumentException("rps: " + rps + " is out of range; use 1–1000");
        }
        this.stable = stable;
        this.canary = canary;
        this.weightSource = weightSource;
        this.rps = rps;
        this.maxRun = maxRun;
        this.scheduler = scheduler;
        this.random = new Random(seed);
        this.http = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        stopAt = scheduler.now().plus(maxRun);
        scheduler.schedule(Duration.ZERO, this::tick);
    }

    /** The weight the generator splits by now. */
    public int weight() {
        return weight.get();
    }

    public long sentToStable() {
        return toStable.get();
    }

    public long sentToCanary() {
        return toCanary.get();
    }

    /** Requests that got no answer at all (connection refused, timeout). */
    public long failed() {
        return failed.get();
    }

    public boolean running() {
        return running;
    }

    private void tick() {
        if (!running) {
            return;
        }
        Instant now = scheduler.now();
        if (!now.isBefore(stopAt)) {
            running = false;
            return;
        }
        if (!now.isBefore(nextWeightRead)) {
            nextWeightRead = now.plus(WEIGHT_REFRESH);
            try {
                weight.set(weightSource.getAsInt());
            } catch (RuntimeException e) {
                // Keep the last weight: a data plane keeps routing when its control plane blips.
            }
        }
        owed += rps * (TICK.toNanos() / 1e9);
        int w = weight.get();
        while (owed >= 1) {
            owed -= 1;
            if (inFlight.get() >= MAX_IN_FLIGHT) {
                continue;
            }
            boolean toCanaryNow;
            synchronized (random) {
                toCanaryNow = random.nextInt(100) < w;
            }
            send(toCanaryNow ? canary : stable);
            (toCanaryNow ? toCanary : toStable).incrementAndGet();
        }
        scheduler.schedule(TICK, this::tick);
    }

    private void send(DemoService target) {
        URI uri = target.uri();
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(15))
                .GET()
                .build();
        inFlight.incrementAndGet();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, error) -> {
            inFlight.decrementAndGet();
            if (error != null) {
                failed.incrementAndGet();
            }
        });
    }

    @Override
    public void close() {
        running = false;
    }
}
