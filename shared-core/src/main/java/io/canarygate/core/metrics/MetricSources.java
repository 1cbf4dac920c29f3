package io.canarygate.core.metrics;

import io.canarygate.core.spec.MetricsSpec;
import io.canarygate.core.spec.SecretResolver;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.OkHttpClient;

/** The metric sources Canary Gate ships, behind the {@link MetricSourceFactory} faces hand to the engine. */
public final class MetricSources {
    private static final MetricSourceFactory DEFAULT = new Caching(64);

    private MetricSources() {}

    /**
     * The factory faces use: a Prometheus-compatible HTTP source per {@code metrics.prometheus} section, built once per
     * distinct section and shared (one connection pool) by every rollout that uses it.
     *
     * <p>Credentials are resolved on every {@link MetricSourceFactory#create} call, so a rotated token (a file the
     * platform rewrites, a re-bound Jenkins credential) gives a new source; the cache is keyed by a digest of the
     * resolved credentials, never by their text.
     */
    public static MetricSourceFactory defaultFactory() {
        return DEFAULT;
    }

    /** Caches sources by (spec, credential digest), least recently used evicted; every source shares one pool. */
    static final class Caching implements MetricSourceFactory {
        private final OkHttpClient shared = PrometheusSource.pool();
        private final Map<Key, MetricSource> sources;

        Caching(int capacity) {
            sources = new LinkedHashMap<>(16, 0.75f, true) {
                private static final long serialVersionUID = 1L;

                @Override
                protected boolean removeEldestEntry(Map.Entry<Key, MetricSource> eldest) {
                    return size() > capacity;
                }
            };
        }

        @Override
        public MetricSource create(MetricsSpec spec, SecretResolver secrets) {
            if (spec instanceof MetricsSpec.Prometheus p) {
                String authorization = PrometheusSource.authorization(p.auth(), secrets);
                Key key = new Key(p, digest(authorization));
                synchronized (sources) {
                    return sources.computeIfAbsent(key, k -> new PrometheusSource(p, authorization, shared));
                }
            }
            throw new IllegalArgumentException(
                    "no metric source for " + spec.getClass().getSimpleName());
        }

        int size() {
            synchronized (sources) {
                return sources.size();
            }
        }
    }

    private record Key(MetricsSpec.Prometheus spec, String credentialDigest) {}

    private static String digest(String credential) {
        if (credential == null) {
            return "";
        }
        try {
            return HexFormat.of()
                    .formatHex(
                            MessageDigest.getInstance("SHA-256").digest(credential.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
