package io.canarygate.core.spec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Every field canary.yaml accepts, in one place. The loader rejects any key not listed here (with a "did you mean"),
 * overrides are typed from it, and a test compares it with the fields table of docs/canary-yaml.md, so the file, the
 * loader and the reference page cannot drift apart.
 *
 * <p>Paths are written as in the docs: {@code objectives[].threshold} is the {@code threshold} of every element of the
 * {@code objectives} list; messages use the concrete index ({@code objectives[0].threshold}).
 */
public final class SpecFields {

    /** What a field holds, as the reference page names it. */
    public enum Type {
        OBJECT("object"),
        LIST("list"),
        STRING("string"),
        STRING_LIST("list of strings"),
        STRING_MAP("map of strings"),
        NUMBER_MAP("map of numbers"),
        DURATION("duration"),
        INTEGER("integer"),
        NUMBER("number"),
        BOOLEAN("boolean"),
        SECRET("secret reference");

        private final String docName;

        Type(String docName) {
            this.docName = docName;
        }

        /** How the reference page writes the type. */
        public String docName() {
            return docName;
        }

        /** Whether a value of this type fits in one override (a flag, an input, a step parameter). */
        boolean isScalar() {
            return this == STRING || this == DURATION || this == INTEGER || this == NUMBER || this == BOOLEAN;
        }
    }

    private static final Map<String, Type> FIELDS = build();

    private SpecFields() {}

    private static Map<String, Type> build() {
        Map<String, Type> f = new LinkedHashMap<>();
        f.put("name", Type.STRING);
        f.put("target", Type.OBJECT);
        f.put("target.namespace", Type.STRING);
        f.put("target.deployment", Type.STRING);
        f.put("target.image", Type.STRING);
        f.put("target.images", Type.LIST);
        f.put("target.images[].container", Type.STRING);
        f.put("target.images[].image", Type.STRING);
        f.put("target.canaryLabels", Type.STRING_MAP);
        f.put("readyTimeout", Type.DURATION);
        f.put("traffic", Type.OBJECT);
        f.put("traffic.router", Type.STRING);
        f.put("traffic.nginx", Type.OBJECT);
        f.put("traffic.nginx.ingress", Type.STRING);
        f.put("traffic.nginx.header", Type.OBJECT);
        f.put("traffic.nginx.header.name", Type.STRING);
        f.put("traffic.nginx.header.value", Type.STRING);
        f.put("traffic.gatewayApi", Type.OBJECT);
        f.put("traffic.gatewayApi.httpRoute", Type.STRING);
        f.put("traffic.gatewayApi.rule", Type.INTEGER);
        f.put("traffic.gatewayApi.stableService", Type.STRING);
        f.put("traffic.gatewayApi.header", Type.OBJECT);
        f.put("traffic.gatewayApi.header.name", Type.STRING);
        f.put("traffic.gatewayApi.header.value", Type.STRING);
        f.put("traffic.smi", Type.OBJECT);
        f.put("traffic.smi.service", Type.STRING);
        f.put("traffic.smi.stableService", Type.STRING);
        f.put("traffic.istio", Type.OBJECT);
        f.put("traffic.istio.virtualService", Type.STRING);
        f.put("traffic.istio.route", Type.STRING);
        f.put("traffic.istio.stableService", Type.STRING);
        f.put("traffic.istio.header", Type.OBJECT);
        f.put("traffic.istio.header.name", Type.STRING);
        f.put("traffic.istio.header.value", Type.STRING);
        f.put("traffic.argoRollout", Type.OBJECT);
        f.put("traffic.argoRollout.rollout", Type.STRING);
        f.put("traffic.featureFlag", Type.OBJECT);
        f.put("traffic.featureFlag.url", Type.STRING);
        f.put("traffic.featureFlag.method", Type.STRING);
        f.put("traffic.featureFlag.flag", Type.STRING);
        f.put("traffic.featureFlag.token", Type.SECRET);
        f.put("traffic.featureFlag.readUrl", Type.STRING);
        f.put("metrics", Type.OBJECT);
        f.put("metrics.prometheus", Type.OBJECT);
        f.put("metrics.prometheus.url", Type.STRING);
        f.put("metrics.prometheus.auth", Type.OBJECT);
        f.put("metrics.prometheus.auth.bearer", Type.SECRET);
        f.put("metrics.prometheus.auth.basic", Type.OBJECT);
        f.put("metrics.prometheus.auth.basic.username", Type.STRING);
        f.put("metrics.prometheus.auth.basic.password", Type.SECRET);
        f.put("metrics.prometheus.headers", Type.STRING_MAP);
        f.put("metrics.prometheus.tls", Type.OBJECT);
        f.put("metrics.prometheus.tls.caFile", Type.STRING);
        f.put("metrics.prometheus.tls.insecureSkipVerify", Type.BOOLEAN);
        f.put("metrics.prometheus.connectTimeout", Type.DURATION);
        f.put("metrics.prometheus.timeout", Type.DURATION);
        f.put("metrics.prometheus.retries", Type.INTEGER);
        f.put("metrics.prometheus.retryBackoff", Type.DURATION);
        f.put("objectives", Type.LIST);
        f.put("objectives[].name", Type.STRING);
        f.put("objectives[].query", Type.STRING);
        f.put("objectives[].op", Type.STRING);
        f.put("objectives[].threshold", Type.NUMBER);
        f.put("objectives[].consecutive", Type.INTEGER);
        f.put("objectives[].total", Type.INTEGER);
        f.put("objectives[].minEvidence", Type.OBJECT);
        f.put("objectives[].minEvidence.query", Type.STRING);
        f.put("objectives[].minEvidence.min", Type.NUMBER);
        f.put("objectives[].noData", Type.STRING);
        f.put("objectives[].inconclusiveLimit", Type.INTEGER);
        f.put("objectives[].onBreach", Type.STRING);
        f.put("objectives[].compare", Type.OBJECT);
        f.put("objectives[].compare.baseline", Type.STRING);
        f.put("objectives[].compare.lookback", Type.DURATION);
        f.put("objectives[].compare.step", Type.DURATION);
        f.put("objectives[].compare.confidence", Type.NUMBER);
        f.put("steps", Type.LIST);
        f.put("steps[].weight", Type.INTEGER);
        f.put("steps[].analysis", Type.OBJECT);
        f.put("steps[].analysis.duration", Type.DURATION);
        f.put("steps[].analysis.interval", Type.DURATION);
        f.put("steps[].thresholds", Type.NUMBER_MAP);
        f.put("steps[].pause", Type.OBJECT);
        f.put("steps[].pause.duration", Type.DURATION);
        f.put("rollback", Type.OBJECT);
        f.put("rollback.mode", Type.STRING);
        f.put("rollback.automatic", Type.BOOLEAN);
        f.put("rollback.gradual", Type.OBJECT);
        f.put("rollback.gradual.step", Type.INTEGER);
        f.put("rollback.gradual.pause", Type.DURATION);
        f.put("notify", Type.LIST);
        f.put("notify[].slack", Type.OBJECT);
        f.put("notify[].slack.webhookUrl", Type.SECRET);
        f.put("notify[].slack.on", Type.STRING_LIST);
        f.put("notify[].webhook", Type.OBJECT);
        f.put("notify[].webhook.url", Type.SECRET);
        f.put("notify[].webhook.hmacSecret", Type.SECRET);
        f.put("notify[].webhook.on", Type.STRING_LIST);
        return Collections.unmodifiableMap(f);
    }

    /** Every accepted field path with its type, in document order. */
    public static Map<String, Type> all() {
        return FIELDS;
    }

    /** The type of {@code schemaPath}, if it is a field. */
    static Optional<Type> type(String schemaPath) {
        return Optional.ofNullable(FIELDS.get(schemaPath));
    }

    /** The keys an object at {@code schemaPath} may hold ({@code ""} is the top level). */
    static List<String> children(String schemaPath) {
        String prefix = schemaPath.isEmpty() ? "" : schemaPath + ".";
        List<String> keys = new ArrayList<>();
        for (String p : FIELDS.keySet()) {
            if (p.startsWith(prefix)) {
                String rest = p.substring(prefix.length());
                if (!rest.contains(".") && !rest.contains("[")) {
                    keys.add(rest);
                }
            }
        }
        return keys;
    }

    /**
     * The override keys: every field that holds one value and sits outside a list, plus {@code X.env} / {@code X.file}
     * for secret references and {@code metrics.prometheus.headers.NAME} for one header.
     */
    public static Set<String> overrideKeys() {
        Set<String> keys = new TreeSet<>();
        FIELDS.forEach((path, type) -> {
            if (path.contains("[")) {
                return;
            }
            if (type.isScalar()) {
                keys.add(path);
            } else if (type == Type.SECRET) {
                keys.add(path + ".env");
                keys.add(path + ".file");
            } else if (type == Type.STRING_MAP) {
                keys.add(path + ".NAME");
            }
        });
        return Collections.unmodifiableSet(keys);
    }

    /** The candidate closest to {@code word} within a small edit distance (case ignored), if any. */
    static Optional<String> closest(String word, List<String> candidates) {
        String w = word.toLowerCase(Locale.ROOT);
        int limit = Math.max(1, Math.min(3, w.length() / 3));
        return candidates.stream()
                .map(c -> Map.entry(c, distance(w, c.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= limit)
                .min(Comparator.comparingInt(Map.Entry::getValue))
                .map(Map.Entry::getKey);
    }

    /** Fields elsewhere in the file whose last segment is {@code key}: {@code image} belongs at {@code target.image}. */
    static List<String> elsewhere(String key) {
        return FIELDS.keySet().stream()
                .filter(p -> p.equals(key) || p.endsWith("." + key))
                .collect(Collectors.toList());
    }

    /** Levenshtein distance with adjacent transpositions (so {@code treshold} and {@code thresohld} are near). */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
