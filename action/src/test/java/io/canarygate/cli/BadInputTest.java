package io.canarygate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.canarygate.testkit.MockCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Bad input never reaches the cluster: {@code canarygate deploy} with a malformed canary.yaml, a bad flag or a bad
 * override exits 2 with the field named on stderr, and the mock API server receives no request at all.
 */
class BadInputTest {
    static MockCluster cluster;

    @TempDir
    static Path dir;

    static final String GOOD =
            """
            target:
              namespace: shop
              deployment: checkout
              image: ghcr.io/acme/checkout:1.4.0
            steps:
              - weight: 10
            """;

    @BeforeAll
    static void start() {
        // No Deployment controller: its watch would count as requests.
        cluster = MockCluster.withoutController();
        cluster.writeKubeconfig(dir.resolve("kubeconfig"));
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    static InProcess.Result cli(String... args) {
        return InProcess.cli(dir, args);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            interval that is not a duration | steps: [{weight: 10, analysis: {duration: 5m, interval: fast}}] | steps[0].analysis.interval: "fast" is not a duration
            weight over 100                 | steps: [{weight: 150}]                                            | steps[0].weight: "150"
            readyTimeout that is a word     | readyTimeout: soon                                                | readyTimeout: "soon" is not a duration
            unknown field                   | replicas: 3                                                       | replicas
            """)
    void aMalformedConfigExitsTwoNamingTheFieldWithoutARequest(String what, String extra, String expected)
            throws Exception {
        Path config = dir.resolve(what.replace(' ', '-') + ".yaml");
        Files.writeString(config, GOOD.replace("steps:\n  - weight: 10\n", "") + extra + "\n");
        int before = cluster.requestCount();
        InProcess.Result r = cli("deploy", "--config", config.toString(), "--kubeconfig", "kubeconfig");
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).startsWith("error: ").contains(expected);
        assertThat(cluster.requestCount()).isEqualTo(before);
    }

    @Test
    void yamlThatDoesNotParseIsBadInputToo() throws Exception {
        Path config = dir.resolve("broken.yaml");
        Files.writeString(config, "target: {namespace: shop, deployment: [checkout\n");
        int before = cluster.requestCount();
        InProcess.Result r = cli("deploy", "--config", config.toString(), "--kubeconfig", "kubeconfig");
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("broken.yaml");
        assertThat(cluster.requestCount()).isEqualTo(before);
    }

    @Test
    void aMissingConfigFileIsBadInput() {
        int before = cluster.requestCount();
        InProcess.Result r = cli("deploy", "--config", "nope.yaml", "--kubeconfig", "kubeconfig");
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("nope.yaml");
        assertThat(cluster.requestCount()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            textBlock =
                    """
            --weight 150                  | --weight: "150" is not a percentage
            --set readyTimeout=fast       | readyTimeout: "fast" is not a duration
            --namespace Shop_EU           | target.namespace: "Shop_EU"
            --weight ten                  | --weight
            """)
    void aBadFlagExitsTwoNamingItWithoutARequest(String flag, String expected) throws Exception {
        Path config = dir.resolve("good.yaml");
        Files.writeString(config, GOOD);
        int before = cluster.requestCount();
        List<String> args = new ArrayList<>(List.of("deploy", "--config", config.toString()));
        args.addAll(List.of(flag.split(" ")));
        args.addAll(List.of("--kubeconfig", "kubeconfig"));
        InProcess.Result r = cli(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains(expected);
        assertThat(cluster.requestCount()).isEqualTo(before);
    }

    @Test
    void lintValidatesWithoutAClusterAndNamesEveryError() throws Exception {
        Path good = dir.resolve("lint-good.yaml");
        Files.writeString(good, GOOD);
        InProcess.Result ok = cli("lint", "--config", good.toString());
        assertThat(ok.exit()).isZero();
        assertThat(ok.out()).contains("valid").contains("shop/checkout").contains("10%");

        Path bad = dir.resolve("lint-bad.yaml");
        Files.writeString(bad, "target: {namespace: shop}\nreadyTimeout: soon\n");
        InProcess.Result r = cli("lint", "--config", bad.toString());
        assertThat(r.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(r.err()).contains("target.deployment").contains("readyTimeout");
    }

    @Test
    void anUnreachableApiServerIsExitThree() throws Exception {
        Path config = dir.resolve("status.yaml");
        Files.writeString(config, GOOD);
        Path kubeconfig = dir.resolve("unreachable");
        Files.writeString(
                kubeconfig, Files.readString(dir.resolve("kubeconfig")).replace(cluster.url(), "http://127.0.0.1:1"));
        InProcess.Result r = cli("status", "--config", config.toString(), "--kubeconfig", kubeconfig.toString());
        assertThat(r.exit()).as(r.err()).isEqualTo(ExitCode.INFRASTRUCTURE);
    }

    @Test
    void statusOfARolloutWithoutARecordSaysSo() throws Exception {
        Path config = dir.resolve("status.yaml");
        Files.writeString(config, GOOD);
        InProcess.Result r = cli("status", "--config", config.toString(), "--kubeconfig", "kubeconfig");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("has no record");
        InProcess.Result json =
                cli("status", "--config", config.toString(), "--kubeconfig", "kubeconfig", "-o", "json");
        assertThat(json.out()).contains("\"found\" : false");
    }
}
