package io.canarygate.core.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.Durations;
import io.canarygate.core.Json;
import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Prometheus-compatible HTTP API ({@code /api/v1/query}, {@code /api/v1/query_range}): Prometheus, Thanos, Mimir,
 * VictoriaMetrics. Queries are POSTed as forms (no URL length limit); a server that answers 405 to POST gets GET
 * from then on.
 *
 * <p>Failure semantics. HTTP 400 and 422 (Prometheus' {@code bad_data}, {@code execution}) are the query's fault: a
 * {@link BadQueryException} carrying Prometheus' error text, never retried. HTTP 5xx, 429 and I/O errors are retried
 * up to {@code retries} times with exponential backoff starting at {@code retryBackoff}; when they keep failing, or
 * any other status comes back (401, 403, 404…), the result is a {@link MetricSourceUnavailableException}.
 *
 * <p>Time budget. {@code timeout} bounds one whole {@link #instant} or {@link #range} call, retries and backoff
 * included: each attempt may only use what is left of it, and a backoff that would not fit is not taken. So a query
 * never holds a scheduler thread for longer than {@code timeout} (15 s by default); the backoff sleeps are short
 * (500 ms, 1 s, 2 s with the defaults) and bounded by that budget.
 *
 * <p>Credentials are resolved once, when the source is built, and only ever go into the {@code Authorization} header:
 * {@link #describe()}, messages and logs never contain them.
 */
public final class PrometheusSource implements MetricSource {
    private static final Logger LOG = LoggerFactory.getLogger(PrometheusSource.class);
    private static final int MAX_ERROR_TEXT = 500;

    private final MetricsSpec.Prometheus spec;
    private final HttpUrl base;
    private final OkHttpClient.Builder pending;
    private final Consumer<OkHttpClient.Builder> tls;
    private OkHttpClient client;
    private final String authorization;
    private final String description;
    private volatile boolean usePost = true;

    /** A source with its own connection pool; {@link MetricSources#defaultFactory()} shares one instead. */
    public PrometheusSource(MetricsSpec.Prometheus spec, SecretResolver secrets) {
        this(spec, authorization(spec.auth(), secrets), pool());
    }

    /**
     * A client that only lends its connection pool and dispatcher to the sources built on it. It speaks no TLS itself,
     * so building it does not load the JVM's trust store (~100 ms cold): each source sets up TLS when it sends its
     * first query, and a command that never queries (status, promote) never pays for it.
     */
    static OkHttpClient pool() {
        return new OkHttpClient.Builder()
                .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
                .build();
    }

    /**
     * {@code authorization} is the resolved header value (or null); {@code shared} ({@link #pool()}) lends its pool and
     * dispatcher. The URL and the TLS files are checked here; the HTTP client is built at the first query.
     */
    PrometheusSource(MetricsSpec.Prometheus spec, String authorization, OkHttpClient shared) {
        this.spec = spec;
        HttpUrl parsed = spec.url() == null ? null : HttpUrl.parse(spec.url().toString());
        if (parsed == null) {
            throw new CanaryGateException(
                    CanaryGateException.Kind.INVALID_INPUT,
                    "metrics.prometheus.url: \"" + spec.url()
                            + "\" is not an http(s) URL; write e.g. http://prometheus.monitoring:9090");
        }
        this.base = parsed;
        this.description = "prometheus " + describe(parsed);
        this.authorization = authorization;
        this.tls = Tls.prepare(spec.tls());
        this.pending = shared.newBuilder()
                .connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT))
                .connectTimeout(positive(spec.connectTimeout(), MetricsSpec.Prometheus.DEFAULT_CONNECT_TIMEOUT))
                .readTimeout(timeout())
                .writeTimeout(timeout())
                .callTimeout(timeout())
                .retryOnConnectionFailure(false);
    }

    private synchronized OkHttpClient client() {
        if (client == null) {
            tls.accept(pending);
            client = pending.build();
        }
        return client;
    }

    static String authorization(MetricsSpec.Auth auth, SecretResolver secrets) {
        if (auth instanceof MetricsSpec.Auth.Bearer b) {
            return "Bearer " + secrets.resolve(b.token());
        }
        if (auth instanceof MetricsSpec.Auth.Basic b) {
            return Credentials.basic(b.username(), secrets.resolve(b.password()));
        }
        return null;
    }

    @Override
    public QueryResult instant(String query, Instant time) {
        FormBody form = new FormBody.Builder()
                .add("query", query)
                .add("time", unixSeconds(time))
                .build();
        return execute("api/v1/query", query, form);
    }

    @Override
    public QueryResult range(String query, Instant start, Instant end, Duration step) {
        FormBody form = new FormBody.Builder()
                .add("query", query)
                .add("start", unixSeconds(start))
                .add("end", unixSeconds(end))
                .add("step", unixSeconds(Instant.EPOCH.plus(step)))
                .build();
        return execute("api/v1/query_range", query, form);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public String toString() {
        return description;
    }

    /** Unix seconds with the fraction Prometheus accepts: {@code 1704078000.5}. */
    static String unixSeconds(Instant t) {
        return BigDecimal.valueOf(t.getEpochSecond())
                .add(BigDecimal.valueOf(t.getNano(), 9))
                .stripTrailingZeros()
                .toPlainString();
    }

    private QueryResult execute(String path, String query, FormBody form) {
        HttpUrl url = base.newBuilder().addPathSegments(path).build();
        long budgetNanos = timeout().toNanos();
        long deadline = System.nanoTime() + budgetNanos;
        Duration backoff = positive(spec.retryBackoff(), Duration.ZERO);
        String lastProblem = "no attempt made";
        IOException lastError = null;
        int attempts = Math.max(0, spec.retries()) + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                lastProblem = "timed out after " + Durations.format(timeout()) + " (metrics.prometheus.timeout)";
                break;
            }
            Request.Builder request = usePost ? new Request.Builder().url(url).post(form) : get(url, form);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            spec.headers().forEach(request::header);
            Call call = client().newCall(request.build());
            call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
            boolean retryable;
            try (Response response = call.execute()) {
                int code = response.code();
                String body = response.body().string();
                if (code == 200) {
                    return parse(query, body);
                }
                if (code == 405 && usePost) {
                    // A proxy in front of Prometheus that only lets GET through: switch for good, retry at once.
                    usePost = false;
                    LOG.debug("{} refused POST (405); using GET from now on", description);
                    attempt--;
                    continue;
                }
                String error = errorText(body);
                if (code == 400 || code == 422) {
                    throw new BadQueryException(description + " rejected the query: " + error);
                }
                lastProblem = "HTTP " + code + (error.isEmpty() ? "" : ": " + error);
                retryable = code >= 500 || code == 429;
                if (!retryable) {
                    throw new MetricSourceUnavailableException(
                            description + " answered " + lastProblem + hint(code), null);
                }
            } catch (IOException e) {
                lastError = e;
                lastProblem = ioProblem(e);
                retryable = true;
            }
            LOG.debug("{} attempt {}/{} failed: {}", description, attempt, attempts, lastProblem);
            if (attempt == attempts) {
                break;
            }
            long sleep = backoff.toNanos();
            if (deadline - System.nanoTime() <= sleep) {
                lastProblem += "; no time left to retry within " + Durations.format(timeout())
                        + " (metrics.prometheus.timeout)";
                break;
            }
            if (!sleep(sleep)) {
                lastProblem += "; interrupted";
                break;
            }
            backoff = backoff.multipliedBy(2);
        }
        throw new MetricSourceUnavailableException(
                description + " is unavailable after " + attempts + " attempt(s): " + lastProblem, lastError);
    }

    private static Request.Builder get(HttpUrl url, FormBody form) {
        HttpUrl.Builder withQuery = url.newBuilder();
        for (int i = 0; i < form.size(); i++) {
            withQuery.addQueryParameter(form.name(i), form.value(i));
        }
        return new Request.Builder().url(withQuery.build()).get();
    }

    private static boolean sleep(long nanos) {
        if (nanos <= 0) {
            return true;
        }
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private String ioProblem(IOException e) {
        if (e instanceof InterruptedIOException && "timeout".equals(e.getMessage())) {
            return "timed out after " + Durations.format(timeout()) + " (metrics.prometheus.timeout)";
        }
        String message = e.getMessage() == null ? "" : ": " + e.getMessage();
        return e.getClass().getSimpleName() + message;
    }

    private static String hint(int code) {
        return switch (code) {
            case 401, 403 -> "; check metrics.prometheus.auth and the secret it names";
            case 404 -> "; check metrics.prometheus.url (it should be the server's base URL, without /api/v1)";
            default -> "";
        };
    }

    private Duration timeout() {
        return positive(spec.timeout(), MetricsSpec.Prometheus.DEFAULT_TIMEOUT);
    }

    private static Duration positive(Duration d, Duration fallback) {
        return d == null || d.isNegative() || (d.isZero() && !fallback.isZero()) ? fallback : d;
    }

    private QueryResult parse(String query, String body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new MetricSourceUnavailableException(
                    description + " answered HTTP 200 with a body that is not JSON (" + truncate(body)
                            + "); check metrics.prometheus.url points at the Prometheus API",
                    null);
        }
        if (root == null || !"success".equals(root.path("status").asText())) {
            String error = errorText(body);
            if ("bad_data".equals(root == null ? "" : root.path("errorType").asText())) {
                throw new BadQueryException(description + " rejected the query: " + error);
            }
            throw new MetricSourceUnavailableException(description + " answered an error: " + error, null);
        }
        JsonNode data = root.path("data");
        String type = data.path("resultType").asText();
        JsonNode result = data.path("result");
        try {
            return switch (type) {
                case "vector" -> new QueryResult.Vector(series(result, false));
                case "matrix" -> new QueryResult.Matrix(series(result, true));
                case "scalar" -> new QueryResult.Scalar(sample(result));
                default -> throw new IllegalArgumentException("result type \"" + type + "\"");
            };
        } catch (IllegalArgumentException e) {
            throw new BadQueryException(description + " returned an unusable result for query " + query + ": "
                    + e.getMessage() + "; the query must return an instant vector or a scalar");
        }
    }

    private static List<QueryResult.Series> series(JsonNode result, boolean matrix) {
        List<QueryResult.Series> out = new ArrayList<>();
        for (JsonNode s : result) {
            Map<String, String> labels = new LinkedHashMap<>();
            s.path("metric")
                    .fields()
                    .forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            List<QueryResult.Sample> samples = new ArrayList<>();
            if (matrix) {
                for (JsonNode v : s.path("values")) {
                    samples.add(sample(v));
                }
            } else {
                samples.add(sample(s.path("value")));
            }
            out.add(new QueryResult.Series(labels, samples));
        }
        return out;
    }

    /** {@code [1704078000.5, "0.95"]}: the time in seconds, the value as text (NaN, +Inf, -Inf included). */
    private static QueryResult.Sample sample(JsonNode pair) {
        if (!pair.isArray() || pair.size() != 2) {
            throw new IllegalArgumentException("sample " + pair + " is not [time, value]");
        }
        BigDecimal seconds = pair.get(0).decimalValue();
        long whole = seconds.longValue();
        int nanos =
                seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
        return new QueryResult.Sample(
                Instant.ofEpochSecond(whole, nanos), value(pair.get(1).asText()));
    }

    static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("value \"" + text + "\" is not a number");
                }
            }
        };
    }

    /** Prometheus' {@code errorType: error} text, or the start of the body when it is not Prometheus JSON. */
    private static String errorText(String body) {
        try {
            JsonNode root = Json.mapper().readTree(body);
            if (root != null && root.has("error")) {
                String type = root.path("errorType").asText("");
                return (type.isEmpty() ? "" : type + ": ") + root.path("error").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: fall through to the raw text
        }
        return truncate(body.strip());
    }

    private static String truncate(String s) {
        return s.length() <= MAX_ERROR_TEXT ? s : s.substring(0, MAX_ERROR_TEXT) + "…";
    }

    /** The URL without user info, query or fragment: what messages may show. */
    private static String describe(HttpUrl url) {
        return url.newBuilder()
                .username("")
                .password("")
                .query(null)
                .fragment(null)
                .build()
                .toString()
                .replaceAll("/$", "");
    }
}
