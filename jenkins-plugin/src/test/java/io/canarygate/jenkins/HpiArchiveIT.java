package io.canarygate.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens the {@code .hpi} the build assembled, as Jenkins' plugin manager would, and checks what it will find. */
class HpiArchiveIT {
    private static final String PLUGIN_JAR = "WEB-INF/lib/canary-gate.jar";
    private static final String SHADED = "io/canarygate/jenkins/shaded/";

    @TempDir
    static Path temp;

    private static JarFile hpi;
    private static ZipFile pluginJar;
    private static Path pluginJarPath;

    @BeforeAll
    static void open() throws IOException {
        Path file = Path.of(System.getProperty("hpi.file", "target/canary-gate.hpi"));
        assertThat(file).as("run `mvn verify`: the .hpi is built in package").exists();
        hpi = new JarFile(file.toFile());
        pluginJarPath = temp.resolve("canary-gate.jar");
        try (InputStream in = hpi.getInputStream(hpi.getEntry(PLUGIN_JAR))) {
            Files.copy(in, pluginJarPath);
        }
        pluginJar = new ZipFile(pluginJarPath.toFile());
    }

    @AfterAll
    static void close() throws IOException {
        pluginJar.close();
        hpi.close();
    }

    @Test
    void manifestSaysWhatThePluginManagerReads() throws IOException {
        Attributes m = hpi.getManifest().getMainAttributes();
        assertThat(m.getValue("Short-Name")).isEqualTo("canary-gate");
        assertThat(m.getValue("Long-Name")).isEqualTo("Canary Gate");
        assertThat(m.getValue("Plugin-Version")).isNotBlank();
        assertThat(m.getValue("Jenkins-Version")).isEqualTo("2.479.3");
        assertThat(m.getValue("Hudson-Version")).isEqualTo("2.479.3");
        assertThat(m.getValue("Minimum-Java-Version")).isEqualTo("17");
        assertThat(m.getValue("Url")).startsWith("https://");
        assertThat(m.getValue("Plugin-Developers")).isNotBlank();
        assertThat(m.getValue("Plugin-Class"))
                .as("extensions come from the index alone")
                .isNull();

        List<String> deps = List.of(m.getValue("Plugin-Dependencies").split(","));
        assertThat(deps)
                .extracting(d -> d.substring(0, d.indexOf(':')))
                .containsExactlyInAnyOrder("workflow-step-api", "credentials", "plain-credentials");
        // Not one of Jenkins' library-wrapper plugins: our libraries are bundled and relocated.
        assertThat(deps)
                .noneMatch(d -> d.startsWith("kubernetes-client-api")
                        || d.startsWith("okhttp-api")
                        || d.startsWith("jackson2-api")
                        || d.startsWith("snakeyaml-api"));
        deps.forEach(d -> assertThat(d).matches("[a-z0-9-]+:[0-9][0-9A-Za-z._-]*"));
    }

    @Test
    void bundlesOneJarHoldingThePluginTheCoreAndItsRelocatedLibraries() {
        List<String> libs = hpi.stream()
                .map(ZipEntry::getName)
                .filter(n -> n.startsWith("WEB-INF/lib/") && !n.endsWith("/"))
                .toList();
        assertThat(libs).containsExactly(PLUGIN_JAR);

        Set<String> entries = names(pluginJar);
        assertThat(entries)
                .contains(
                        "io/canarygate/jenkins/SloWaitStepExecution.class",
                        "io/canarygate/core/engine/CanaryEngine.class",
                        SHADED + "okhttp3/OkHttpClient.class",
                        SHADED + "okio/Buffer.class",
                        SHADED + "kotlin/Unit.class",
                        SHADED + "com/fasterxml/jackson/databind/ObjectMapper.class",
                        SHADED + "io/fabric8/kubernetes/client/KubernetesClient.class",
                        SHADED + "org/yaml/snakeyaml/Yaml.class",
                        "index.jelly");
        for (String unrelocated : List.of(
                "okhttp3/", "okio/", "kotlin/", "com/fasterxml/", "io/fabric8/", "org/yaml/", "org/snakeyaml/")) {
            assertThat(entries).noneMatch(n -> n.startsWith(unrelocated));
        }
        assertThat(entries)
                .as("ServiceLoader files follow the relocation (fabric8 finds its HTTP client and model this way)")
                .contains("META-INF/services/" + SHADED.replace('/', '.')
                        + "io.fabric8.kubernetes.client.http.HttpClient$Factory");
    }

    @Test
    void pluginClassesLinkAgainstTheRelocatedLibraries() throws IOException {
        String bytes = read("io/canarygate/jenkins/CanaryGateRuntime$CachedClusters.class");
        assertThat(bytes.contains(SHADED + "io/fabric8/kubernetes/client/KubernetesClient"))
                .as("references the relocated client")
                .isTrue();
        assertThat(bytes.contains("Lio/fabric8/"))
                .as("references no unrelocated fabric8 type")
                .isFalse();
    }

    @Test
    void holdsNoStubNorAnythingJenkinsProvides() {
        Set<String> entries = names(pluginJar);
        entries.addAll(names(hpi));
        for (String provided : List.of(
                "hudson/",
                "jenkins/",
                "org/jenkinsci/",
                "org/kohsuke/",
                "com/cloudbees/",
                "net/java/sezpoz/",
                "com/google/common/",
                "org/slf4j/")) {
            assertThat(entries).noneMatch(n -> n.startsWith(provided));
        }
    }

    @Test
    void extensionIndexListsEveryDescriptor() throws IOException {
        Set<String> indexed = new TreeSet<>();
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {pluginJarPath.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                indexed.add(item.className());
            }
        }
        Set<String> descriptors = names(pluginJar).stream()
                .filter(n -> n.startsWith("io/canarygate/jenkins/") && !n.startsWith(SHADED))
                .filter(n -> n.endsWith("$DescriptorImpl.class") || n.endsWith("Configuration.class"))
                .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.'))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(descriptors)
                .contains(
                        "io.canarygate.jenkins.CanaryDeployStep$DescriptorImpl",
                        "io.canarygate.jenkins.SloWaitStep$DescriptorImpl",
                        "io.canarygate.jenkins.CanaryApproveStep$DescriptorImpl",
                        "io.canarygate.jenkins.CanaryPromoteStep$DescriptorImpl",
                        "io.canarygate.jenkins.CanaryRollbackStep$DescriptorImpl",
                        "io.canarygate.jenkins.CanaryStatusStep$DescriptorImpl",
                        "io.canarygate.jenkins.CanaryGateConfiguration");
        assertThat(indexed).isEqualTo(descriptors);
    }

    private static Set<String> names(ZipFile zip) {
        return zip.stream().map(ZipEntry::getName).collect(Collectors.toCollection(TreeSet::new));
    }

    private static String read(String entry) throws IOException {
        try (InputStream in = pluginJar.getInputStream(pluginJar.getEntry(entry))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
