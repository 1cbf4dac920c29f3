package io.canarygate.core.traffic;

import com.fasterxml.jackson.databind.JsonNode;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Json;
import io.canarygate.core.spec.RouterSpec;
import io.canarygate.core.spec.SecretResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * A feature flag's rollout percentage as the canary weight ({@code traffic.router: feature-flag}), for runbooks that
 * split traffic inside the application. {@link #setWeight} sends {@code method url} with the JSON body
 * {@code {"flag": <flag>, "percentage": <w>}}; {@code {weight}} and {@code {flag}} in the URL are replaced first, for
 * services that take the percentage in the path or query. The token, when named, goes in
 * {@code Authorization: Bearer}; it is resolved at each call and never appears in a message. {@link #weight} reads
 * {@code readUrl} (a JSON number, or an object with {@code percentage}); without one it returns the weight this router
 * last set in this process, else 0.
 *
 * <p>No canary pods run ({@link #canaryReplicas} is 0): the flag is the release. {@link #remove} sends nothing; the
 * engine sets the weight to 0 before it at rollback and to 100 at promotion.
 */
public final class FeatureFlagRouter implements TrafficRouter {
    private static final String FIELD = "traffic.featureFlag";
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final int MAX_SHOWN_BODY = 200;

    private final RouterSpec.FeatureFlag spec;
    private final SecretResolver secrets;
    private final OkHttpClient http;
    private volatile Integer lastSet;

    public FeatureFlagRouter(RouterSpec.FeatureFlag spec, SecretResolver secrets) {
        this(spec, secrets, Client.INSTANCE);
    }

    FeatureFlagRouter(RouterSpec.FeatureFlag spec, SecretResolver secrets, OkHttpClient http) {
        this.spec = spec;
        this.secrets = secrets;
        this.http = http;
    }

    @Override
    public String kind() {
        return "feature-flag";
    }

    /** The token resolves, and {@code readUrl} (when set) knows the flag; sends nothing that changes it. */
    @Override
    public void check(CanaryTarget target) {
        String token = token();
        spec.readUrl().ifPresent(u -> read(u, token));
    }

    @Override
    public void prepare(CanaryTarget target) {}

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        int w = Math.max(0, Math.min(100, weight));
        String token = token();
        String url = expand(spec.url(), w);
        String body = Json.mapper()
                .createObjectNode()
                .put("flag", spec.flag())
                .put("percentage", w)
                .toString();
        Request.Builder request = new Request.Builder().url(url).method(spec.method(), RequestBody.create(body, JSON));
        authorize(request, token);
        String what = spec.method() + " " + shown(url) + " (" + FIELD + ".url)";
        try (Response response = http.newCall(request.build()).execute()) {
            if (!response.isSuccessful()) {
                throw refused(what, response, token, ".url");
            }
        } catch (IOException e) {
            throw unreachable(what, e);
        }
        lastSet = w;
    }

    @Override
    public int weight(CanaryTarget target) {
        if (spec.readUrl().isEmpty()) {
            Integer last = lastSet;
            return last == null ? 0 : last;
        }
        return read(spec.readUrl().get(), token());
    }

    @Override
    public void remove(CanaryTarget target) {
        // The flag is the release: rollback has set it to 0, promotion to 100; there is nothing else to delete.
    }

    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        return 0;
    }

    private int read(String readUrl, String token) {
        String url = expand(readUrl, 0);
        Request.Builder request = new Request.Builder().url(url).get();
        authorize(request, token);
        String what = "GET " + shown(url) + " (" + FIELD + ".readUrl)";
        try (Response response = http.newCall(request.build()).execute()) {
            if (response.code() == 404) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".flag: \"" + spec.flag() + "\" is not known to " + what
                                + ": HTTP 404; create the flag, or fix flag and readUrl");
            }
            if (!response.isSuccessful()) {
                throw refused(what, response, token, ".readUrl");
            }
            ResponseBody body = response.body();
            String text = body == null ? "" : body.string();
            return percentage(text, what);
        } catch (IOException e) {
            throw unreachable(what, e);
        }
    }

    private int percentage(String text, String what) {
        JsonNode node;
        try {
            node = Json.mapper().readTree(text);
        } catch (IOException e) {
            node = null;
        }
        JsonNode value = node != null && node.isObject() ? node.get("percentage") : node;
        if (value == null || !value.isNumber() || value.asDouble() < 0 || value.asDouble() > 100) {
            throw new CanaryGateException(
                    Kind.INFRASTRUCTURE,
                    what + " answered without a percentage from 0 to 100; readUrl must return a number or"
                            + " {\"percentage\": N}");
        }
        return (int) Math.round(value.asDouble());
    }

    private String token() {
        return spec.token().map(secrets::resolve).orElse(null);
    }

    private static void authorize(Request.Builder request, String token) {
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
    }

    private String expand(String template, int weight) {
        return template.replace("{weight}", String.valueOf(weight))
                .replace("{flag}", URLEncoder.encode(spec.flag(), StandardCharsets.UTF_8));
    }

    /** The URL for messages: scheme, host, port and path; user info and query may carry credentials. */
    private static String shown(String url) {
        HttpUrl parsed = HttpUrl.parse(url);
        if (parsed == null) {
            return "<URL not shown>";
        }
        return parsed.newBuilder().username("").password("").query(null).build().toString()
                + (parsed.query() == null ? "" : "?<query not shown>");
    }

    private CanaryGateException refused(String what, Response response, String token, String field) {
        String text;
        try {
            ResponseBody body = response.body();
            text = body == null ? "" : body.string();
        } catch (IOException e) {
            text = "";
        }
        if (token != null && !token.isEmpty()) {
            text = text.replace(token, "<token>");
        }
        text = text.strip().replaceAll("\\s+", " ");
        if (text.length() > MAX_SHOWN_BODY) {
            text = text.substring(0, MAX_SHOWN_BODY) + "…";
        }
        String hint =
                switch (response.code()) {
                    case 401, 403 -> "; check the token (" + FIELD + ".token) and its permission on the flag";
                    case 404 -> "; check " + FIELD + field + " and " + FIELD + ".flag";
                    case 405 -> "; check " + FIELD + ".method";
                    default -> "";
                };
        return new CanaryGateException(
                response.code() < 500 ? Kind.INVALID_INPUT : Kind.INFRASTRUCTURE,
                what + ": HTTP " + response.code() + (text.isEmpty() ? "" : " (" + text + ")") + hint);
    }

    private static CanaryGateException unreachable(String what, IOException e) {
        String why = e instanceof InterruptedIOException ? "timed out" : "connection failed";
        return new CanaryGateException(
                Kind.INFRASTRUCTURE,
                what + ": " + why + " (" + e.getClass().getSimpleName() + "); check that the flag service is reachable"
                        + " from this runner");
    }

    /** One client for every rollout in the JVM: short timeouts, no redirects (a token must not follow one). */
    private static final class Client {
        static final OkHttpClient INSTANCE = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5))
                .callTimeout(Duration.ofSeconds(15))
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }
}
