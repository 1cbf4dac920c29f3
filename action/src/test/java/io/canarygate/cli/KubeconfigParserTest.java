package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.canarygate.core.CanaryGateException;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.internal.KubeConfigUtils;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KubeconfigParser} against fabric8's own kubeconfig parse, which it replaces for start-up time. */
class KubeconfigParserTest {
    /** Every field of fabric8's kubeconfig model (but extensions), plus fields it does not know. */
    static final String EVERY_FIELD =
            """
            apiVersion: v1
            kind: Config
            current-context: prod
            preferences: {colors: true, theme: dark}
            clusters:
              - name: prod
                cluster:
                  server: https://10.0.0.1:6443
                  certificate-authority-data: Y2EtZGF0YQ==
                  insecure-skip-tls-verify: false
                  disable-compression: true
                  proxy-url: http://proxy.internal:3128
                  tls-server-name: api.prod.internal
                  future-field: {nested: [1, two, 3.5, true]}
              - name: local
                cluster: {server: "https://127.0.0.1:6443", certificate-authority: ca.crt, insecure-skip-tls-verify: "true"}
            contexts:
              - name: prod
                context: {cluster: prod, user: ci, namespace: shop}
              - {name: local, context: {cluster: local, user: exec-user}, note: kept}
            users:
              - name: ci
                user:
                  token: tok-123
                  tokenFile: /var/run/token
                  username: deployer
                  password: pw
                  client-certificate: client.crt
                  client-certificate-data: Y2VydA==
                  client-key: client.key
                  client-key-data: a2V5
                  as: admin
                  as-uid: "1001"
                  as-groups: [ops, dev]
                  as-user-extra: {scopes: [read, write], reason: [release]}
              - name: exec-user
                user:
                  exec:
                    apiVersion: client.authentication.k8s.io/v1beta1
                    command: aws
                    args: [eks, get-token, --cluster-name, prod]
                    env: [{name: AWS_PROFILE, value: ci}, {name: EMPTY}]
                    installHint: install the aws CLI
                    interactiveMode: Never
                    provideClusterInfo: false
              - name: oidc
                user:
                  auth-provider:
                    name: oidc
                    config: {client-id: canary, idp-issuer-url: "https://issuer.example.com", refresh-token: r1}
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryFieldAsFabric8Does() {
        assertThat(KubeconfigParser.parse(EVERY_FIELD)).isEqualTo(KubeConfigUtils.parseConfigFromString(EVERY_FIELD));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                KubeClientsTest.KUBECONFIG,
                "apiVersion: v1\nkind: Config\n",
                "{\"apiVersion\":\"v1\",\"clusters\":[{\"name\":\"c\",\"cluster\":{\"server\":\"https://h:6443\"}}]}",
                "clusters:\n- name: c\n  cluster:\n    server: https://h:6443\n    insecure-skip-tls-verify: true\n"
            })
    void smallerKubeconfigsToo(String kubeconfig) {
        assertThat(KubeconfigParser.parse(kubeconfig)).isEqualTo(KubeConfigUtils.parseConfigFromString(kubeconfig));
    }

    @Test
    void extensionsAreAcceptedAndSkipped() {
        var parsed = KubeconfigParser.parse(
                """
                clusters: [{name: c, cluster: {server: "https://h:6443", extensions: [{name: x, extension: {a: 1}}]}}]
                extensions: [{name: y, extension: {kind: Foo, apiVersion: v1}}]
                """);
        assertThat(parsed.getClusters().get(0).getCluster().getServer()).isEqualTo("https://h:6443");
        assertThat(parsed.getClusters().get(0).getCluster().getExtensions()).isEmpty();
        assertThat(parsed.getAdditionalProperties()).isEmpty();
    }

    @Test
    void aFieldOfTheWrongShapeIsNamedWithItsPath() {
        assertThatThrownBy(() -> KubeconfigParser.parse("users: [{name: a, user: {exec: {args: run}}}]"))
                .hasMessage("users[0].user.exec.args: expected a list, found string");
        assertThatThrownBy(() -> KubeconfigParser.parse("clusters: {name: c}"))
                .hasMessage("clusters: expected a list, found object");
        assertThatThrownBy(() -> KubeconfigParser.parse("clusters: [{cluster: {insecure-skip-tls-verify: maybe}}]"))
                .hasMessage("clusters[0].cluster.insecure-skip-tls-verify: expected true or false, found string");
        assertThatThrownBy(() -> KubeconfigParser.parse("- a\n- b\n"))
                .hasMessage("the file: expected a mapping, found array");
        assertThatThrownBy(() -> KubeconfigParser.parse("")).hasMessage("empty");
        assertThatThrownBy(() -> KubeconfigParser.parse("clusters: [a, {")).hasMessageStartingWith("not YAML: ");
    }

    @Test
    void aBrokenKubeconfigIsBadInputNamingWhereItCameFrom() {
        var k = new KubeClients.Kubeconfig("the kubeconfig input", "clusters: {name: c}\n", Optional.empty());
        assertThatThrownBy(() -> KubeClients.create(k, Optional.empty()))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageContaining("the kubeconfig input: not a usable kubeconfig (clusters: expected a list")
                .hasMessageContaining("kubectl config view");
    }

    @Test
    void relativePathsInAKubeconfigFileResolveAgainstItsDirectoryAsWithFabric8() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("kube"));
        Path file = sub.resolve("config");
        Files.writeString(
                file,
                """
                clusters: [{name: c, cluster: {server: "https://h:6443", certificate-authority: ca.crt}}]
                users: [{name: u, user: {client-certificate: certs/u.crt, client-key: certs/u.key}}]
                contexts: [{name: x, context: {cluster: c, user: u, namespace: shop}}]
                current-context: x
                """);
        var kubeconfig =
                new KubeClients.Kubeconfig("kubeconfig kube/config", Files.readString(file), Optional.of(file));
        Config ours = KubeClients.config(kubeconfig, Optional.empty());
        Config fabric8 = Config.fromKubeconfig(null, Files.readString(file), file.toString());
        assertThat(ours.getCaCertFile())
                .isEqualTo(sub.resolve("ca.crt").toString())
                .isEqualTo(fabric8.getCaCertFile());
        assertThat(ours.getClientCertFile())
                .isEqualTo(sub.resolve("certs/u.crt").toString())
                .isEqualTo(fabric8.getClientCertFile());
        assertThat(ours.getClientKeyFile())
                .isEqualTo(sub.resolve("certs/u.key").toString())
                .isEqualTo(fabric8.getClientKeyFile());
        assertThat(ours.getNamespace()).isEqualTo("shop").isEqualTo(fabric8.getNamespace());
        assertThat(ours.getMasterUrl()).isEqualTo(fabric8.getMasterUrl());

        // The CA file is not there: building the client names the kubeconfig and the file.
        assertThatThrownBy(() -> KubeClients.create(kubeconfig, Optional.empty()))
                .isInstanceOf(CanaryGateException.class)
                .hasMessageContaining("kubeconfig kube/config: no client can be built from it (NoSuchFileException: "
                        + sub.resolve("ca.crt"))
                .hasMessageContaining("relative paths start at the kubeconfig's directory");
    }
}
