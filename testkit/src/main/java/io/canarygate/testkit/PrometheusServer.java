package io.canarygate.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real Prometheus process for tests and the demo: listens on 127.0.0.1 on a port the OS picks, keeps its data in a
 * temporary directory, and is killed (directory deleted) by {@link #close()}. Either it scrapes targets, or it serves
 * an OpenMetrics fixture backfilled with promtool before it starts, for exact values over a fixed past window.
 *
 * <p>Costs (research/testinfra.md): ready in well under a second, first scrape about 5 s after start whatever the
 * scrape interval, so share one server per test class.
 */
public final class PrometheusServer implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("msg=\"Listening on\" address=127\\.0\\.0\\.1:(\\d+)");
    private static final Duration STARTUP = Duration.ofSeconds(60);
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Process process;
    private final Path dir;
    private final URI url;
    private final StringBuffer log;
    private final Thread shutdownHook;

    private PrometheusServer(Process process, Path dir, URI url, StringBuffer log, Thread shutdownHook) {
        this.process = process;
        this.dir = dir;
        this.url = url;
        this.log = log;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Scrapes {@code targets} ({@code host:port}, path {@code /metrics}) as job {@code job} every {@code interval}.
     */
    public static PrometheusServer scrape(String job, Duration interval, String... targets) {
        String list = Stream.of(targets).map(t -> "'" + t + "'").collect(Collectors.joining(", ", "[", "]"));
        return start("  - job_name: '" + job + "'\n    static_configs:\n      - targets: " + list + "\n", interval);
    }

    /**
     * Starts with {@code scrapeConfigsYaml} as the entries of {@code scrape_configs:} (each starting with
     * {@code "  - job_name: ..."}); empty for none.
     */
    public static PrometheusServer start(String scrapeConfigsYaml, Duration scrapeInterval) {
        Path dir = tempDir();
        return launch(dir, scrapeConfigsYaml, scrapeInterval);
    }

    /**
     * Backfills {@code openMetricsText} with {@code promtool tsdb create-blocks-from openmetrics}, then starts a server
     * that scrapes nothing and serves the fixture. Query it at explicit times aligned with the fixture's grid.
     */
    public static PrometheusServer startWithBackfill(String openMetricsText) {
        Path promtool = RequiredTool.require("promtool");
        Path dir = tempDir();
        try {
            Path fixture = dir.resolve("fixture.om");
            Files.writeString(fixture, openMetricsText, StandardCharsets.UTF_8);
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            Process p = new ProcessBuilder(
                            promtool.toString(),
                            "tsdb",
                            "create-blocks-from",
                            "openmetrics",
                            fixture.toString(),
                            data.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("promtool.log").toFile())
                    .start();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("promtool did not finish the backfill within 120 s");
            }
            if (p.exitValue() != 0) {
                String out = Files.readString(dir.resolve("promtool.log"));
                delete(dir);
                throw new IllegalStateException("promtool backfill failed (exit " + p.exitValue() + "):\n" + out);
            }
        } catch (IOException e) {
            delete(dir);
            throw new UncheckedIOException("cannot backfill the fixture", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            delete(dir);
            throw new IllegalStateException("interrupted during the backfill", e);
        }
        return launch(dir, "", Duration.ofMinutes(1));
    }

    private static PrometheusServer launch(Path dir, String scrapeConfigs, Duration scrapeInterval) {
        Path prometheus = RequiredTool.require("prometheus");
        Process process = null;
        try {
            Path config = dir.resolve("prometheus.yml");
            String seconds = Math.max(1, scrapeInterval.toSeconds()) + "s";
            Files.writeString(
                    config,
                    "global:\n  scrape_interval: " + seconds + "\n  evaluation_interval: " + seconds + "\n"
                            + "scrape_configs:" + (scrapeConfigs.isBlank() ? " []\n" : "\n" + scrapeConfigs),
                    StandardCharsets.UTF_8);
            Path data = dir.resolve("data");
            Files.createDirectories(data);
            process = new ProcessBuilder(
                            prometheus.toString(),
                            "--config.file=" + config,
                            "--storage.tsdb.path=" + data,
                            "--storage.tsdb.retention.time=100y",
                            "--web.listen-address=127.0.0.1:0")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            Process started = process;
            Thread hook = new Thread(started::destroyForcibly, "prometheus-server-cleanup");
            Runtime.getRuntime().addShutdownHook(hook);
            StringBuffer log = new StringBuffer();
            CompletableFuture<Integer> port = new CompletableFuture<>();
            Thread reader = new Thread(() -> drain(started, log, port), "prometheus-stderr");
            reader.setDaemon(true);
            reader.start();
            int p;
            try {
                p = port.get(STARTUP.toSeconds(), TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException(
                        "prometheus did not report its port within " + STARTUP.toSeconds() + " s; its log:\n" + log);
            }
            PrometheusServer server =
                    new PrometheusServer(started, dir, URI.create("http://127.0.0.1:" + p), log, hook);
            try {
                server.awaitReady();
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            delete(dir);
            throw new UncheckedIOException("cannot start prometheus", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (process != null) {
                process.destroyForcibly();
            }
            delete(dir);
            throw new IllegalStateException("interrupted while starting prometheus", e);
        } catch (RuntimeException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            delete(dir);
            throw e;
        }
    }

    private static void drain(Process process, StringBuffer log, CompletableFuture<Integer> port) {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (log.length() < 200_000) {
                    log.append(line).append('\n');
                }
                Matcher m = LISTENING.matcher(line);
                if (!port.isDone() && m.find()) {
                    port.complete(Integer.parseInt(m.group(1)));
                }
            }
        } catch (IOException e) {
            // the process went away
        }
        port.completeExceptionally(new IllegalStateException("prometheus exited"));
    }

    /** The base URL: {@code http://127.0.0.1:NNNNN}. */
    public URI url() {
        return url;
    }

    /** The process's stderr so far, for failure messages. */
    public String log() {
        return log.toString();
    }

    /** Waits up to a minute until every target of {@code job} has been scraped successfully. */
    public void awaitUp(String job) {
        awaitUp(job, STARTUP);
    }

    /** Waits until every target of {@code job} has been scraped successfully ({@code up == 1}). */
    public void awaitUp(String job, Duration timeout) {
        awaitResult("min(up{job=\"" + job + "\"}) == 1", timeout);
    }

    /**
     * Waits until the instant query {@code expr} returns a non-empty, non-NaN result at the current time, for example
     * until a {@code rate()} has two samples to work with. Returns the response body.
     */
    public String awaitResult(String expr, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            last = query(expr);
            if (last.contains("\"status\":\"success\"")
                    && !last.contains("\"result\":[]")
                    && !last.contains("\"NaN\"")) {
                return last;
            }
            pause(200);
        }
        throw new IllegalStateException("prometheus at " + url + " had no result for " + expr + " within "
                + timeout.toSeconds() + " s; last answer: " + last);
    }

    /** Runs an instant query now and returns the raw JSON body. */
    public String query(String expr) {
        return get("/api/v1/query?query=" + URLEncoder.encode(expr, StandardCharsets.UTF_8));
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; its log:\n" + log);
            }
            try {
                HttpResponse<Void> r = HTTP.send(
                        HttpRequest.newBuilder(url.resolve("/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for prometheus", e);
            }
            pause(50);
        }
        throw new IllegalStateException(
                "prometheus at " + url + " not ready within " + STARTUP.toSeconds() + " s; its log:\n" + log);
    }

    private String get(String pathAndQuery) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(URI.create(url + pathAndQuery))
                                    .timeout(Duration.ofSeconds(10))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new UncheckedIOException("prometheus at " + url + " did not answer " + pathAndQuery, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Stops the process (SIGTERM, then SIGKILL after 10 s) and deletes its directory. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down
        }
        delete(dir);
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("canarygate-prometheus-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths =
                    new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // best effort: a temp dir left behind is not worth failing a test for
        }
    }
}
