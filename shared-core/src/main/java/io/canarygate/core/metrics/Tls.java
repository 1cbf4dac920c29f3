package io.canarygate.core.metrics;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.spec.MetricsSpec;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.function.Consumer;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;

/** {@code metrics.prometheus.tls}: an extra CA file trusted alongside the system CAs, or no verification at all. */
final class Tls {
    private Tls() {}

    /**
     * Checks {@code tls} now (reads and parses the CA file: bad input is reported before anything is deployed) and
     * returns what sets up a client builder with it later. The system trust store is only read then.
     */
    static Consumer<OkHttpClient.Builder> prepare(MetricsSpec.Tls tls) {
        if (tls == null) {
            return builder -> {};
        }
        if (tls.insecureSkipVerify()) {
            return builder -> {
                X509TrustManager trustAll = new TrustAll();
                builder.sslSocketFactory(context(trustAll).getSocketFactory(), trustAll)
                        .hostnameVerifier((host, session) -> true);
            };
        }
        if (tls.caFile().isPresent()) {
            Path caFile = Path.of(tls.caFile().get());
            Collection<? extends Certificate> extra = read(caFile);
            return builder -> {
                X509TrustManager trust = withExtraCas(caFile, extra);
                builder.sslSocketFactory(context(trust).getSocketFactory(), trust);
            };
        }
        return builder -> {};
    }

    private static Collection<? extends Certificate> read(Path caFile) {
        Collection<? extends Certificate> extra;
        try (InputStream in = Files.newInputStream(caFile)) {
            extra = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw invalid("metrics.prometheus.tls.caFile: " + caFile + " cannot be read ("
                    + e.getClass().getSimpleName() + "); check the path and its permissions");
        } catch (GeneralSecurityException e) {
            throw invalid("metrics.prometheus.tls.caFile: " + caFile
                    + " is not a PEM file of certificates; give the CA certificate(s) in PEM form");
        }
        if (extra.isEmpty()) {
            throw invalid("metrics.prometheus.tls.caFile: " + caFile
                    + " holds no certificate; give the CA certificate(s) in PEM form");
        }
        return extra;
    }

    private static X509TrustManager withExtraCas(Path caFile, Collection<? extends Certificate> extra) {
        try {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (X509Certificate system : systemTrust().getAcceptedIssuers()) {
                store.setCertificateEntry("system-" + i++, system);
            }
            for (Certificate c : extra) {
                store.setCertificateEntry("ca-file-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            return x509(factory.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a trust store with " + caFile, e);
        }
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        return x509(factory.getTrustManagers());
    }

    private static X509TrustManager x509(TrustManager[] managers) {
        for (TrustManager m : managers) {
            if (m instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new IllegalStateException("no X509TrustManager in this JVM");
    }

    private static SSLContext context(X509TrustManager trust) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {trust}, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise TLS", e);
        }
    }

    private static CanaryGateException invalid(String message) {
        return new CanaryGateException(CanaryGateException.Kind.INVALID_INPUT, message);
    }

    /** insecureSkipVerify: accepts every certificate. For test servers only. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
