package io.canarygate.core.kube;

import io.fabric8.kubernetes.client.Config;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;

/**
 * How the Kubernetes client checks the API server's certificate: against the CA the kubeconfig (or the service
 * account) names and nothing else, as kubectl does. fabric8 adds that CA to a copy of the JDK's default trust store,
 * which also trusts every public CA and parses its ~150 certificates at each client start (~40 ms of a pipeline
 * step's cold start, bench/cold-start.sh); handed an empty store to add the CA to, it trusts what kubectl trusts.
 * Hostname verification is untouched. Both faces build their clients through this.
 */
public final class KubeTrust {
    private KubeTrust() {}

    /**
     * Makes {@code config} trust only the CA it names. Left alone: a config without a CA (the JDK's default trust
     * applies), {@code insecure-skip-tls-verify}, a trust store the user set ({@code KUBERNETES_TRUSTSTORE_FILE}) or a
     * trust store passphrase (fabric8 would open the empty store with it); and, when no empty store can be written,
     * fabric8's own way applies.
     */
    public static void trustOnlyTheNamedCa(Config config) {
        boolean ca = notBlank(config.getCaCertData()) || notBlank(config.getCaCertFile());
        boolean passphrase = notBlank(config.getTrustStorePassphrase())
                || System.getProperty("javax.net.ssl.trustStorePassword") != null;
        if (ca && !config.isTrustCerts() && !notBlank(config.getTrustStoreFile()) && !passphrase) {
            EmptyTrustStore.FILE.ifPresent(file -> config.setTrustStoreFile(file.toString()));
        }
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }

    /** An empty key store of the type fabric8 reads trust stores as, written once per process. */
    static final class EmptyTrustStore {
        static final Optional<Path> FILE = write();

        private EmptyTrustStore() {}

        private static Optional<Path> write() {
            try {
                // The type fabric8's CertUtils.loadTrustStore asks for (7.8.0).
                KeyStore store = KeyStore.getInstance(
                        System.getProperty("javax.net.ssl.trustStoreType", KeyStore.getDefaultType()));
                store.load(null, null);
                // createTempFile makes it readable and writable by this user only.
                Path file = Files.createTempFile("canarygate-truststore-", ".store");
                file.toFile().deleteOnExit();
                try (OutputStream out = Files.newOutputStream(file)) {
                    // No password: an empty store has nothing to protect, and fabric8 opens it without one.
                    store.store(out, null);
                }
                return Optional.of(file);
            } catch (IOException | GeneralSecurityException | RuntimeException e) {
                return Optional.empty();
            }
        }
    }
}
