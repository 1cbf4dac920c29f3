package io.canarygate.demo.builtin;

import io.canarygate.core.time.Scheduler;
import io.canarygate.demo.DemoService;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Snapshots the demo services' counters into a {@link SeriesHistory} every {@code interval} — what a Prometheus scrape
 * would record, with the same {@code job} and {@code instance} labels — on the scheduler, until closed.
 */
public final class Scraper implements AutoCloseable {
    /** The job label, the same as the real Prometheus' scrape config uses. */
    public static final String JOB = "canarygate-demo";

    private final List<DemoService> targets;
    private final SeriesHistory history;
    private final Scheduler scheduler;
    private final Duration interval;
    private volatile boolean running;

    public Scraper(List<DemoService> targets, SeriesHistory history, Scheduler scheduler, Duration interval) {
        this.targets = List.copyOf(targets);
        this.history = history;
        this.scheduler = scheduler;
        this.interval = interval;
    }

    public void start() {
        running = true;
        scheduler.schedule(Duration.ZERO, this::tick);
    }

    /** One scrape of every target, now. */
    public void scrapeOnce() {
        var now = scheduler.now();
        for (DemoService s : targets) {
            history.record(now, Map.of("job", JOB, "instance", s.hostPort()), s.metrics());
        }
    }

    private void tick() {
        if (!running) {
            return;
        }
        scrapeOnce();
        scheduler.schedule(interval, this::tick);
    }

    @Override
    public void close() {
        running = false;
    }
}
