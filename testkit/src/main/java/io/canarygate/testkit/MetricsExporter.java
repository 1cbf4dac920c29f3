package io.canarygate.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP {@code /metrics} endpoint for a stable and a canary version whose counters advance by a fixed step on every
 * scrape, so ratios (error rate, latency quantiles) are exact whatever the scrape timing; only absolute rates depend
 * on it. Faults are injected from tests ({@link #setErrorRatio}, {@link #setLatency}) or over HTTP for scripts:
 * {@code GET /set?version=canary&errorRatio=0.1&latency=0.8&requests=100}.
 *
 * <p>Series per version {@code v}:
 *
 * <ul>
 *   <li>{@code http_requests_total{version="v",code="200"|"500"}}: per scrape, {@code requests} more, of which
 *       {@code requests * errorRatio} are 500s (both series exist from the start, so an error query is never empty)
 *   <li>{@code http_request_duration_seconds} histogram with buckets 0.1, 0.25, 0.5, 1, +Inf: per scrape every request
 *       is observed at the version's latency, so {@code histogram_quantile} lands inside that latency's bucket
 * </ul>
 */
public final class MetricsExporter implements AutoCloseable {
    public static final String STABLE = "stable";
    public static final String CANARY = "canary";
    static final double[] BUCKETS = {0.1, 0.25, 0.5, 1.0};

    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, Version> versions = new LinkedHashMap<>();
    private long scrapes;

    private MetricsExporter(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts on 127.0.0.1 with a port the OS picks; both versions serve 100 requests per scrape, 0% errors, 50 ms. */
    public static MetricsExporter start() {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the metrics exporter", e);
        }
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-exporter");
            t.setDaemon(true);
            return t;
        });
        MetricsExporter exporter = new MetricsExporter(server, executor);
        exporter.version(STABLE);
        exporter.version(CANARY);
        server.createContext("/metrics", exporter::metrics);
        server.createContext("/set", exporter::set);
        server.setExecutor(executor);
        server.start();
        return exporter;
    }

    /** {@code 127.0.0.1:NNNNN}, what a scrape config's {@code targets} takes. */
    public String target() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:NNNNN}. */
    public URI url() {
        return URI.create("http://" + target());
    }

    /** Share of the version's requests that answer 500, from the next scrape on (0 to 1). */
    public synchronized void setErrorRatio(String version, double ratio) {
        if (!(ratio >= 0 && ratio <= 1)) {
            throw new IllegalArgumentException("errorRatio " + ratio + " is not between 0 and 1");
        }
        version(version).errorRatio = ratio;
    }

    /** Latency every request of the version is observed at, from the next scrape on. */
    public synchronized void setLatency(String version, double seconds) {
        if (!(seconds >= 0)) {
            throw new IllegalArgumentException("latency " + seconds + " is negative");
        }
        version(version).latency = seconds;
    }

    /** Requests the version serves per scrape (0 means no traffic: flat counters, so ratios are 0/0 = NaN). */
    public synchronized void setRequestsPerScrape(String version, double requests) {
        if (!(requests >= 0)) {
            throw new IllegalArgumentException("requests " + requests + " is negative");
        }
        version(version).requests = requests;
    }

    /** How many times /metrics was served. */
    public synchronized long scrapes() {
        return scrapes;
    }

    private Version version(String name) {
        return versions.computeIfAbsent(name, n -> new Version());
    }

    /** Advances every version by one step and renders the exposition text. */
    synchronized String scrape() {
        scrapes++;
        for (Version v : versions.values()) {
            v.advance();
        }
        StringBuilder b = new StringBuilder();
        b.append("# HELP http_requests_total Requests served, by version and status code.\n");
        b.append("# TYPE http_requests_total counter\n");
        versions.forEach((name, v) -> {
            b.append("http_requests_total{version=\"")
                    .append(name)
                    .append("\",code=\"200\"} ")
                    .append(number(v.ok))
                    .append('\n');
            b.append("http_requests_total{version=\"")
                    .append(name)
                    .append("\",code=\"500\"} ")
                    .append(number(v.errors))
                    .append('\n');
        });
        b.append("# HELP http_request_duration_seconds Request latency, by version.\n");
        b.append("# TYPE http_request_duration_seconds histogram\n");
        versions.forEach((name, v) -> {
            for (int i = 0; i < BUCKETS.length; i++) {
                b.append("http_request_duration_seconds_bucket{version=\"")
                        .append(name)
                        .append("\",le=\"")
                        .append(number(BUCKETS[i]))
                        .append("\"} ")
                        .append(number(v.buckets[i]))
                        .append('\n');
            }
            double count = v.ok + v.errors;
            b.append("http_request_duration_seconds_bucket{version=\"")
                    .append(name)
                    .append("\",le=\"+Inf\"} ")
                    .append(number(count))
                    .append('\n');
            b.append("http_request_duration_seconds_sum{version=\"")
                    .append(name)
                    .append("\"} ")
                    .append(number(v.sum))
                    .append('\n');
            b.append("http_request_duration_seconds_count{version=\"")
                    .append(name)
                    .append("\"} ")
                    .append(number(count))
                    .append('\n');
        });
        return b.toString();
    }

    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return Double.toString(v);
    }

    private void metrics(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", scrape());
    }

    private void set(HttpExchange exchange) throws IOException {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(
                        URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                        kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        String version = params.getOrDefault("version", CANARY);
        try {
            if (params.containsKey("errorRatio")) {
                setErrorRatio(version, Double.parseDouble(params.get("errorRatio")));
            }
            if (params.containsKey("latency")) {
                setLatency(version, Double.parseDouble(params.get("latency")));
            }
            if (params.containsKey("requests")) {
                setRequestsPerScrape(version, Double.parseDouble(params.get("requests")));
            }
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "text/plain; charset=utf-8", e.getMessage() + "\n");
            return;
        }
        String state;
        synchronized (this) {
            Version v = version(version);
            state = String.format(
                    Locale.ROOT,
                    "%s errorRatio=%s latency=%s requests=%s%n",
                    version,
                    number(v.errorRatio),
                    number(v.latency),
                    number(v.requests));
        }
        respond(exchange, 200, "text/plain; charset=utf-8", state);
    }

    private static void respond(HttpExchange exchange, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** One version's counters and knobs; guarded by the exporter. */
    private static final class Version {
        double requests = 100;
        double errorRatio = 0;
        double latency = 0.05;
        double ok;
        double errors;
        double sum;
        final double[] buckets = new double[BUCKETS.length];

        void advance() {
            double failed = requests * errorRatio;
            errors += failed;
            ok += requests - failed;
            sum += requests * latency;
            for (int i = 0; i < BUCKETS.length; i++) {
                if (latency <= BUCKETS[i]) {
                    buckets[i] += requests;
                }
            }
        }
    }
}
