package io.canarygate.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.canarygate.core.time.Scheduler;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One version of the demo's service ({@code checkout}): an HTTP server on 127.0.0.1 that answers {@code GET /} after a
 * latency drawn from its {@link Behaviour} — scheduled, not slept — with 200 or, with the behaviour's probability, 500,
 * and exposes its counters on {@code GET /metrics}. Behaviour can change while it runs (fault injection).
 */
public final class DemoService implements AutoCloseable {
    private final String role;
    private final String release;
    private final HttpServer server;
    private final Scheduler scheduler;
    private final ServiceMetrics metrics;
    private final AtomicReference<Behaviour> behaviour;
    private final Random random;

    private DemoService(String role, String release, Behaviour initial, Scheduler scheduler, long seed)
            throws IOException {
        this.role = role;
        this.release = release;
        this.scheduler = scheduler;
        this.metrics = new ServiceMetrics(Map.of("version", role));
        this.behaviour = new AtomicReference<>(initial);
        this.random = new Random(seed);
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.createContext("/metrics", ex -> respond(ex, 200, metrics.exposition(), "text/plain; version=0.0.4"));
        server.createContext("/", this::serve);
        server.start();
    }

    /**
     * Starts a service on 127.0.0.1 with a port the OS picks.
     *
     * @param role {@code stable} or {@code canary}: the {@code version} label of its metrics, as the pods' label would be
     * @param release what it answers, e.g. {@code checkout v2}
     * @param scheduler delays the answers
     * @param seed seeds latencies and errors, so a test run is repeatable
     */
    public static DemoService start(String role, String release, Behaviour behaviour, Scheduler scheduler, long seed) {
        try {
            return new DemoService(role, release, behaviour, scheduler, seed);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + role + " demo service on 127.0.0.1", e);
        }
    }

    public String role() {
        return role;
    }

    public String release() {
        return release;
    }

    /** {@code 127.0.0.1:PORT}, the scrape target. */
    public String hostPort() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://" + hostPort() + "/");
    }

    public Behaviour behaviour() {
        return behaviour.get();
    }

    /** Changes how the service answers from the next request on. */
    public void behave(Behaviour next) {
        behaviour.set(next);
    }

    /** Requests answered so far. */
    public long requests() {
        return metrics.requests();
    }

    /** 500s answered so far. */
    public long errors() {
        return metrics.errors();
    }

    /** The samples {@code /metrics} shows now. */
    public List<MetricSample> metrics() {
        return metrics.snapshot();
    }

    private void serve(HttpExchange exchange) {
        Behaviour b = behaviour.get();
        double latency;
        boolean error;
        synchronized (random) {
            latency = b.latencySeconds(random.nextGaussian());
            error = random.nextDouble() < b.errorRatio();
        }
        int code = error ? 500 : 200;
        String body = error ? release + ": internal error\n" : release + ": ok\n";
        scheduler.schedule(Duration.ofNanos((long) (latency * 1e9)), () -> {
            metrics.observe(code, latency);
            respond(exchange, code, body, "text/plain");
        });
    }

    private static void respond(HttpExchange exchange, int code, String body, String contentType) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(code, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            // The client went away (the traffic generator stopped); nothing to answer.
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
