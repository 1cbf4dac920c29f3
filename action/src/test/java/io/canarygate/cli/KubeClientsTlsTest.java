package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kubernetes client over real TLS (an HTTPS server with a certificate from a test CA): it trusts the CA the
 * kubeconfig names, as kubectl does, still checks the server's name, and refuses any other CA. Which configs are
 * narrowed to their CA is KubeTrustTest's (core).
 */
class KubeClientsTlsTest {
    private static final HeldCertificate CLUSTER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("test cluster CA")
            .build();
    private static final HeldCertificate OTHER_CA = new HeldCertificate.Builder()
            .certificateAuthority(0)
            .commonName("some other CA")
            .build();

    private final MockWebServer server = new MockWebServer();

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        server.close();
    }

    private void serve(String... names) throws IOException {
        HeldCertificate.Builder cert = new HeldCertificate.Builder().signedBy(CLUSTER_CA);
        for (String name : names) {
            cert.addSubjectAlternativeName(name);
        }
        HandshakeCertificates certs = new HandshakeCertificates.Builder()
                .heldCertificate(cert.build())
                .build();
        server.useHttps(certs.sslSocketFactory());
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    private String kubeconfig(String cluster) {
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "https://127.0.0.1:%d", %s}}]
                users: [{name: u, user: {token: t0ken}}]
                contexts: [{name: c, context: {cluster: c, user: u}}]
                current-context: c
                """
                .formatted(server.getPort(), cluster);
    }

    private static String caData(HeldCertificate ca) {
        return "certificate-authority-data: "
                + Base64.getEncoder().encodeToString(ca.certificatePem().getBytes(StandardCharsets.UTF_8));
    }

    private ConfigMap get(String kubeconfig) {
        server.enqueue(new MockResponse.Builder()
                .code(200)
                .setHeader("Content-Type", "application/json")
                .body(
                        "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"m\",\"namespace\":\"shop\"}}")
                .build());
        KubeClients.Kubeconfig k = new KubeClients.Kubeconfig("the kubeconfig input", kubeconfig, Optional.empty());
        try (KubernetesClient client = KubeClients.create(k, Optional.empty())) {
            return client.configMaps().inNamespace("shop").withName("m").get();
        }
    }

    private static void failsWith(ThrowingCallable call, Class<? extends Throwable> cause) {
        assertThatThrownBy(call).satisfies(e -> {
            Throwable t = e;
            while (t != null && !cause.isInstance(t)) {
                t = t.getCause();
            }
            assertThat(t).as("cause of %s", e).isInstanceOf(cause);
        });
    }

    @Test
    void trustsTheCaTheKubeconfigNames() throws Exception {
        serve("127.0.0.1");
        assertThat(get(kubeconfig(caData(CLUSTER_CA))).getMetadata().getName()).isEqualTo("m");
        assertThat(server.takeRequest().getHandshake()).isNotNull();
    }

    @Test
    void theSameCaGivenAsAFileIsTrustedToo() throws Exception {
        serve("127.0.0.1");
        Path ca = dir.resolve("ca.crt");
        Files.writeString(ca, CLUSTER_CA.certificatePem());
        assertThat(get(kubeconfig("certificate-authority: " + ca)).getMetadata().getName())
                .isEqualTo("m");
    }

    @Test
    void aServerCertificateFromAnotherCaIsRefused() throws Exception {
        serve("127.0.0.1");
        failsWith(() -> get(kubeconfig(caData(OTHER_CA))), SSLHandshakeException.class);
    }

    @Test
    void theServersNameIsStillChecked() throws Exception {
        serve("api.cluster.example");
        failsWith(() -> get(kubeconfig(caData(CLUSTER_CA))), SSLPeerUnverifiedException.class);
    }

    @Test
    void insecureSkipTlsVerifyStillSkipsVerification() throws Exception {
        serve("api.cluster.example");
        assertThat(get(kubeconfig("insecure-skip-tls-verify: true"))
                        .getMetadata()
                        .getName())
                .isEqualTo("m");
    }
}
