package io.canarygate.core.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.Json;
import io.canarygate.core.spec.NotifySpec;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.SecretRef;
import io.canarygate.core.spec.SecretResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Delivers notifications to a rollout's targets (Slack incoming webhook; generic JSON webhook, HMAC-signed). Delivery
 * failures never fail a rollout: they come back as warnings without the URL (a webhook URL is a secret).
 *
 * <p>Each target hears the events in its {@code on} set; an empty set means every event. Secret references are resolved
 * at send time. Each delivery is one POST (connect timeout 3s, whole call 5s, no redirects followed), retried once at
 * once on a connection error or a 5xx answer; a 4xx answer is not retried. {@link #send} blocks for the HTTP calls
 * only and never throws.
 */
public final class Notifications {
    /** The header naming the event on a generic webhook: its canary.yaml spelling, e.g. {@code rolled-back}. */
    public static final String EVENT_HEADER = "X-Canary-Gate-Event";
    /** The header carrying {@code sha256=<hex HMAC-SHA256 of the exact body>} when the webhook has an hmacSecret. */
    public static final String SIGNATURE_HEADER = "X-Canary-Gate-Signature";

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(3);
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
    private static final Pattern SAFE_URL = Pattern.compile("https?://[^\\s<>|\"`]+");

    private final List<NotifySpec> targets;
    private final SecretResolver secrets;
    private final OkHttpClient client;

    private Notifications(List<NotifySpec> targets, SecretResolver secrets, OkHttpClient client) {
        this.targets = List.copyOf(targets);
        this.secrets = secrets;
        this.client = client;
    }

    public static Notifications from(List<NotifySpec> targets, SecretResolver secrets) {
        return new Notifications(targets, secrets, null);
    }

    /** With another client (tests shorten the timeouts). */
    static Notifications from(List<NotifySpec> targets, SecretResolver secrets, OkHttpClient client) {
        return new Notifications(targets, secrets, client);
    }

    /** Sends {@code n} to every target subscribed to its event; returns one warning per failed delivery. */
    public List<String> send(RolloutNotification n) {
        List<String> warnings = new ArrayList<>();
        for (NotifySpec target : targets) {
            if (!target.on().isEmpty() && !target.on().contains(n.event())) {
                continue;
            }
            String warning;
            try {
                warning = deliver(target, n);
            } catch (RuntimeException e) {
                // A resolver or serializer bug must not fail the rollout either; the class name carries no secret.
                warning = kind(target) + " notification failed: " + e.getClass().getSimpleName();
            }
            if (warning != null) {
                warnings.add(warning);
            }
        }
        return warnings;
    }

    /** The event as canary.yaml spells it: {@code analysis-failed}. */
    public static String eventId(NotifyEvent event) {
        return event.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The Slack message: {@code text} (the notification fallback) and {@code blocks}. */
    static String slackPayload(RolloutNotification n) {
        String headline = emoji(n.event()) + " " + n.rollout() + " " + describe(n.event()) + " in " + n.namespace()
                + ": " + n.phase() + " at " + n.weight() + "%";
        String reason = n.reason() == null || n.reason().isBlank() ? null : n.reason();

        ObjectNode root = Json.mapper().createObjectNode();
        root.put("text", slackEscape(headline + (reason == null ? "" : " — " + reason)));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode section = blocks.addObject();
        section.put("type", "section");
        ObjectNode text = section.putObject("text");
        text.put("type", "mrkdwn");
        text.put(
                "text",
                emoji(n.event()) + " *" + slackEscape(n.rollout()) + "* " + describe(n.event()) + " in `"
                        + slackEscape(n.namespace()) + "`: *" + n.phase() + "* at *" + n.weight() + "%*"
                        + (n.verdict() == null ? "" : " (verdict " + slackEscape(n.verdict()) + ")")
                        + (reason == null ? "" : "\n" + slackEscape(reason)));
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        context.putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put("text", trigger(n) + (n.time() == null ? "" : " · " + TIME.format(n.time())));
        return write(root);
    }

    /** The generic webhook body: the notification as JSON. */
    static String webhookPayload(RolloutNotification n) {
        try {
            return Json.mapper().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification cannot be written as JSON", e);
        }
    }

    /** {@code sha256=<hex>}: HMAC-SHA256 of {@code body} under {@code secret}. */
    static String signature(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    private String deliver(NotifySpec target, RolloutNotification n) {
        String kind = kind(target);
        SecretRef urlRef = target instanceof NotifySpec.Slack s ? s.webhookUrl() : ((NotifySpec.Webhook) target).url();
        List<String> secretValues = new ArrayList<>();
        String url;
        try {
            url = secrets.resolve(urlRef);
        } catch (RuntimeException e) {
            return kind + " notification failed: " + unresolved(urlRef, e);
        }
        secretValues.add(url);
        HttpUrl parsed = url == null ? null : HttpUrl.parse(url.strip());
        if (parsed == null) {
            return kind + " notification failed: the URL from " + urlRef.describe()
                    + " is not an http(s) URL; check the value you bound to it";
        }
        secretValues.add(parsed.host());
        secretValues.addAll(parsed.pathSegments());
        if (parsed.encodedQuery() != null) {
            secretValues.add(parsed.encodedQuery());
        }

        byte[] body;
        Request.Builder request = new Request.Builder().url(parsed).header("User-Agent", "canary-gate");
        if (target instanceof NotifySpec.Webhook w) {
            body = webhookPayload(n).getBytes(StandardCharsets.UTF_8);
            request.header(EVENT_HEADER, eventId(n.event()));
            if (w.hmacSecret().isPresent()) {
                String secret;
                try {
                    secret = secrets.resolve(w.hmacSecret().get());
                } catch (RuntimeException e) {
                    return redact(
                            kind + " notification failed: "
                                    + unresolved(w.hmacSecret().get(), e),
                            secretValues);
                }
                secretValues.add(secret);
                request.header(SIGNATURE_HEADER, signature(secret, body));
            }
        } else {
            body = slackPayload(n).getBytes(StandardCharsets.UTF_8);
        }
        request.post(RequestBody.create(body, JSON));
        String failure = post(request.build());
        if (failure == null) {
            return null;
        }
        return redact(
                kind + " notification failed: " + failure + " (URL from " + urlRef.describe() + ")", secretValues);
    }

    /**
     * Why a reference could not be resolved. A {@link CanaryGateException} from a resolver names the reference and the
     * fix (that is the resolver contract); any other exception's message is unknown text, so only its type is shown.
     */
    private static String unresolved(SecretRef ref, RuntimeException e) {
        if (e instanceof CanaryGateException && e.getMessage() != null) {
            return e.getMessage();
        }
        return "secret " + ref.describe() + " could not be resolved ("
                + e.getClass().getSimpleName() + ")";
    }

    /** Null on success, else what went wrong in words that hold no part of the URL. */
    private String post(Request request) {
        OkHttpClient http = client != null ? client : Client.INSTANCE;
        String failure = null;
        for (int attempt = 1; attempt <= 2; attempt++) {
            try (Response response = http.newCall(request).execute()) {
                if (response.isSuccessful()) {
                    return null;
                }
                failure = "HTTP " + response.code();
                if (response.code() < 500) {
                    return failure;
                }
            } catch (InterruptedIOException e) {
                failure = "timed out (" + e.getClass().getSimpleName() + ")";
            } catch (IOException e) {
                failure = "connection failed (" + e.getClass().getSimpleName() + ")";
            }
            if (attempt == 2) {
                failure += " after 2 attempts";
            }
        }
        return failure;
    }

    /** Defence in depth: no part of a URL or secret survives in a warning, whatever produced the text. */
    private static String redact(String warning, List<String> secretValues) {
        String out = warning;
        for (String s : secretValues) {
            if (s != null && s.length() >= 4) {
                out = out.replace(s, "***");
            }
        }
        return out;
    }

    private static String kind(NotifySpec target) {
        return target instanceof NotifySpec.Slack ? "slack" : "webhook";
    }

    private static String trigger(RolloutNotification n) {
        if (n.trigger() == null) {
            return "canary-gate";
        }
        String run = slackEscape(n.trigger().system() + " run " + n.trigger().runId());
        String url = n.trigger().url();
        String linked = url != null && SAFE_URL.matcher(url).matches() ? "<" + slackEscape(url) + "|" + run + ">" : run;
        String actor = n.trigger().actor();
        return linked + (actor == null || actor.isBlank() ? "" : " by " + slackEscape(actor));
    }

    private static String emoji(NotifyEvent e) {
        return switch (e) {
            case DEPLOYED -> "🚀";
            case WEIGHT_CHANGED -> "↗️";
            case ANALYSIS_PASSED -> "✅";
            case ANALYSIS_FAILED -> "❌";
            case ANALYSIS_INCONCLUSIVE -> "⏸️";
            case PROMOTED -> "🎉";
            case ROLLED_BACK -> "⛔";
        };
    }

    private static String describe(NotifyEvent e) {
        return switch (e) {
            case DEPLOYED -> "deployed";
            case WEIGHT_CHANGED -> "changed weight";
            case ANALYSIS_PASSED -> "passed analysis";
            case ANALYSIS_FAILED -> "failed analysis";
            case ANALYSIS_INCONCLUSIVE -> "analysis inconclusive";
            case PROMOTED -> "promoted";
            case ROLLED_BACK -> "rolled back";
        };
    }

    /** Slack's three control characters in mrkdwn and text. */
    private static String slackEscape(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String write(ObjectNode node) {
        try {
            return Json.mapper().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("notification cannot be written as JSON", e);
        }
    }

    /** One client for every rollout in the JVM: shared connection pool, short timeouts. */
    private static final class Client {
        static final OkHttpClient INSTANCE =
                configure(new OkHttpClient.Builder()).build();
    }

    /** Timeouts, no redirects, no silent retries (the one retry is ours). */
    static OkHttpClient.Builder configure(OkHttpClient.Builder b) {
        return b.connectTimeout(CONNECT_TIMEOUT)
                .callTimeout(CALL_TIMEOUT)
                .followRedirects(false)
                .followSslRedirects(false)
                .retryOnConnectionFailure(false);
    }
}
