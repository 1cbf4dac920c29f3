package io.canarygate.core.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import javax.net.ssl.SSLHandshakeException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** Which configs {@link KubeTrust} narrows to the CA they name, and that a client built from one still speaks TLS. */
class KubeTrustTest {
    private static final HeldCertificate CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("test cluster CA")
            .build();
    private static final HeldCertificate OTHER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("some other CA")
            .build();

    private static Config withCa(HeldCertificate ca, String url) {
        Config config = Config.empty();
        config.setMasterUrl(url);
        config.setCaCertData(
                Base64.getEncoder().encodeToString(ca.certificatePem().getBytes(StandardCharsets.UTF_8)));
        config.setRequestRetryBackoffLimit(0);
        return config;
    }

    @Test
    void aConfigNamingACaGetsAnEmptyStoreToAddItTo() throws Exception {
        Config config = withCa(CA, "https://127.0.0.1:6443");
        KubeTrust.trustOnlyTheNamedCa(config);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try (InputStream in = Files.newInputStream(Path.of(config.getTrustStoreFile()))) {
            store.load(in, null);
        }
        assertThat(store.size()).isZero();
    }

    @Test
    void whatTheUserChoseIsLeftAlone() {
        Config none = Config.empty();
        KubeTrust.trustOnlyTheNamedCa(none);
        assertThat(none.getTrustStoreFile())
                .as("no CA: the JDK's default trust")
                .isNull();

        Config insecure = withCa(CA, "https://127.0.0.1:6443");
        insecure.setTrustCerts(true);
        KubeTrust.trustOnlyTheNamedCa(insecure);
        assertThat(insecure.getTrustStoreFile()).isNull();

        Config own = withCa(CA, "https://127.0.0.1:6443");
        own.setTrustStoreFile("/etc/pki/mine.p12");
        KubeTrust.trustOnlyTheNamedCa(own);
        assertThat(own.getTrustStoreFile()).isEqualTo("/etc/pki/mine.p12");

        Config passphrase = withCa(CA, "https://127.0.0.1:6443");
        passphrase.setTrustStorePassphrase("secret");
        KubeTrust.trustOnlyTheNamedCa(passphrase);
        assertThat(passphrase.getTrustStoreFile()).isNull();
    }

    @Test
    void aClientTrustsTheNamedCaAndRefusesAnother() throws Exception {
        HeldCertificate cert = new HeldCertificate.Builder()
                .signedBy(CA)
                .addSubjectAlternativeName("127.0.0.1")
                .build();
        try (MockWebServer server = new MockWebServer()) {
            server.useHttps(new HandshakeCertificates.Builder()
                    .heldCertificate(cert)
                    .build()
                    .sslSocketFactory());
            server.start(InetAddress.getByName("127.0.0.1"), 0);
            String url = "https://127.0.0.1:" + server.getPort();
            server.enqueue(new MockResponse.Builder()
                    .code(200)
                    .setHeader("Content-Type", "application/json")
                    .body(
                            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"m\",\"namespace\":\"a\"}}")
                    .build());

            Config trusting = withCa(CA, url);
            KubeTrust.trustOnlyTheNamedCa(trusting);
            try (KubernetesClient client =
                    new KubernetesClientBuilder().withConfig(trusting).build()) {
                assertThat(client.configMaps()
                                .inNamespace("a")
                                .withName("m")
                                .get()
                                .getMetadata()
                                .getName())
                        .isEqualTo("m");
            }

            Config other = withCa(OTHER_CA, url);
            KubeTrust.trustOnlyTheNamedCa(other);
            try (KubernetesClient client =
                    new KubernetesClientBuilder().withConfig(other).build()) {
                assertThatThrownBy(() -> client.configMaps()
                                .inNamespace("a")
                                .withName("m")
                                .get())
                        .satisfies(e -> {
                            Throwable t = e;
                            while (t != null && !(t instanceof SSLHandshakeException)) {
                                t = t.getCause();
                            }
                            assertThat(t).as("cause of %s", e).isInstanceOf(SSLHandshakeException.class);
                        });
            }
        }
    }
}
