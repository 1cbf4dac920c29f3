package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeClientsTest {
    static final String KUBECONFIG =
            """
            apiVersion: v1
            kind: Config
            clusters: [{name: c, cluster: {server: "https://10.0.0.1:6443"}}]
            users:
              - {name: a, user: {token: tok-a}}
              - {name: b, user: {username: u, password: pw-b}}
              - {name: c, user: {client-key-data: a2V5LWRhdGE=, client-certificate-data: Y2VydA==}}
            contexts: [{name: x, context: {cluster: c, user: a}}]
            current-context: x
            """;

    @TempDir
    Path dir;

    @Test
    void anInputWithLineBreaksIsTheKubeconfigItself() {
        var k = KubeClients.find(new Env(Map.of(), dir), Optional.of(KUBECONFIG));
        assertThat(k.content()).isEqualTo(KUBECONFIG);
        assertThat(k.path()).isEmpty();
    }

    @Test
    void aSingleLineInputIsAPathRelativeToTheWorkspace() throws Exception {
        Files.writeString(dir.resolve("kube.yaml"), KUBECONFIG);
        var k = KubeClients.find(new Env(Map.of(), dir), Optional.of("kube.yaml"));
        assertThat(k.content()).isEqualTo(KUBECONFIG);
        assertThat(k.path()).contains(dir.resolve("kube.yaml"));
    }

    @Test
    void withoutAnInputTheJobsKubeconfigVariableIsUsed() throws Exception {
        Files.writeString(dir.resolve("first"), KUBECONFIG);
        var k = KubeClients.find(
                new Env(Map.of("KUBECONFIG", dir.resolve("first") + ":" + dir.resolve("second")), dir),
                Optional.empty());
        assertThat(k.path()).contains(dir.resolve("first"));
    }

    @Test
    void noKubeconfigAnywhereIsBadInputThatSaysWhereToPutOne() {
        assertThatThrownBy(() -> KubeClients.find(new Env(Map.of("HOME", dir.toString()), dir), Optional.empty()))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageContaining("--kubeconfig")
                .hasMessageContaining("KUBECONFIG");
    }

    @Test
    void tokensPasswordsAndClientKeysAreTheSecretsToMask() {
        assertThat(KubeClients.secretsIn(KUBECONFIG)).containsExactlyInAnyOrder("tok-a", "pw-b", "a2V5LWRhdGE=");
        assertThat(KubeClients.secretsIn("not: [a kubeconfig")).isEmpty();
    }
}
