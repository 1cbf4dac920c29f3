package io.canarygate.core.spec;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where objectives are measured ({@code metrics} in canary.yaml). */
public sealed interface MetricsSpec {

    /**
     * A Prometheus-compatible HTTP API (Prometheus, Thanos, Mimir, VictoriaMetrics).
     *
     * @param url base URL, e.g. {@code http://prometheus.monitoring:9090}
     * @param auth how to authenticate; secrets only by reference
     * @param headers extra request headers (e.g. {@code X-Scope-OrgID}); values are not secret
     * @param tls CA file and verification
     * @param connectTimeout TCP connect timeout (default 5s)
     * @param timeout whole-request timeout (default 15s)
     * @param retries retries on 5xx and connection errors (default 3)
     * @param retryBackoff first backoff, doubled on each retry (default 500ms)
     */
    record Prometheus(
            URI url,
            Auth auth,
            Map<String, String> headers,
            Tls tls,
            Duration connectTimeout,
            Duration timeout,
            int retries,
            Duration retryBackoff)
            implements MetricsSpec {
        public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
        public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);
        public static final int DEFAULT_RETRIES = 3;
        public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofMillis(500);

        public Prometheus {
            headers = Map.copyOf(headers);
        }
    }

    /** Authentication for an HTTP metric source. */
    sealed interface Auth {
        record None() implements Auth {}

        record Bearer(SecretRef token) implements Auth {}

        record Basic(String username, SecretRef password) implements Auth {}
    }

    /**
     * TLS settings.
     *
     * @param caFile PEM file with the CA certificates to trust in addition to the system ones
     * @param insecureSkipVerify accept any certificate (tests only)
     */
    record Tls(Optional<String> caFile, boolean insecureSkipVerify) {
        public static final Tls DEFAULT = new Tls(Optional.empty(), false);
    }
}
