package io.canarygate.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ImageJarTest {
    @TempDir
    Path dir;

    @Test
    void sameEntriesInTheSameOrderStoredNotDeflatedAndTheSameBytesEveryTime() throws Exception {
        Path jar = dir.resolve("in.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, "io.example.Main");
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file, manifest)) {
            for (String name : List.of("io/", "io/example/", "io/example/Main.class", "z/last.txt", "a/first.txt")) {
                ZipEntry e = new ZipEntry(name);
                e.setTime(1_700_000_000_000L);
                out.putNextEntry(e);
                if (!name.endsWith("/")) {
                    out.write(("content of " + name + " ").repeat(200).getBytes(StandardCharsets.UTF_8));
                }
                out.closeEntry();
            }
        }

        Path once = ImageJar.write(jar, dir.resolve("a/out.jar"));
        Path twice = ImageJar.write(jar, dir.resolve("b/out.jar"));

        assertThat(Files.readAllBytes(once)).isEqualTo(Files.readAllBytes(twice));
        assertThat(entries(once)).isEqualTo(entries(jar));
        try (ZipFile in = new ZipFile(jar.toFile());
                ZipFile out = new ZipFile(once.toFile())) {
            assertThat(in.getEntry("z/last.txt").getMethod()).isEqualTo(ZipEntry.DEFLATED);
            for (ZipEntry e : Collections.list(out.entries())) {
                assertThat(e.getMethod()).as(e.getName()).isEqualTo(ZipEntry.STORED);
                assertThat(e.getTime())
                        .as(e.getName())
                        .isEqualTo(in.getEntry(e.getName()).getTime());
            }
        }
        try (JarFile stored = new JarFile(once.toFile())) {
            assertThat(stored.getManifest().getMainAttributes().getValue(Attributes.Name.MAIN_CLASS))
                    .isEqualTo("io.example.Main");
        }
    }

    @Test
    void picocliComesOutAsJava8ClassesWithFramesThatTheVerifierAccepts() throws Exception {
        Path picocli = Path.of(CommandLine.class
                .getProtectionDomain()
                .getCodeSource()
                .getLocation()
                .toURI());
        Path out = ImageJar.write(picocli, dir.resolve("picocli.jar"));

        List<String> classes = new ArrayList<>();
        try (ZipFile in = new ZipFile(picocli.toFile());
                ZipFile rewritten = new ZipFile(out.toFile())) {
            for (ZipEntry e : Collections.list(rewritten.entries())) {
                if (!e.getName().endsWith(".class") || e.getName().contains("module-info")) {
                    continue;
                }
                assertThat(ImageJar.version(
                                in.getInputStream(in.getEntry(e.getName())).readAllBytes()))
                        .as("picocli is compiled for Java 5")
                        .isEqualTo(49);
                assertThat(ImageJar.version(rewritten.getInputStream(e).readAllBytes()))
                        .as(e.getName())
                        .isEqualTo(52);
                classes.add(e.getName().replace('/', '.').replaceAll("\\.class$", ""));
            }
        }
        assertThat(classes).hasSizeGreaterThan(200);
        // Initialising a class links it, and linking verifies every method against the frames ASM computed.
        try (URLClassLoader loader =
                new URLClassLoader(new URL[] {out.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            for (String name : classes) {
                Class<?> c = Class.forName(name, true, loader);
                assertThat(c.getClassLoader()).isSameAs(loader);
            }
            // And the rewritten picocli still parses a command line.
            Class<?> spec = loader.loadClass("picocli.CommandLine$Model$CommandSpec");
            Class<?> option = loader.loadClass("picocli.CommandLine$Model$OptionSpec");
            Class<?> optionBuilder = loader.loadClass("picocli.CommandLine$Model$OptionSpec$Builder");
            Class<?> cli = loader.loadClass("picocli.CommandLine");
            Object command = call(spec, "create", new Class<?>[0], null);
            Object builder =
                    call(option, "builder", new Class<?>[] {String[].class}, null, (Object) new String[] {"--weight"});
            call(optionBuilder, "type", new Class<?>[] {Class.class}, builder, int.class);
            Object weight = call(optionBuilder, "build", new Class<?>[0], builder);
            call(spec, "addOption", new Class<?>[] {option}, command, weight);
            Object line = cli.getConstructor(Object.class).newInstance(command);
            Object result = call(
                    cli, "parseArgs", new Class<?>[] {String[].class}, line, (Object) new String[] {"--weight", "25"});
            Object value = call(
                    result.getClass(),
                    "matchedOptionValue",
                    new Class<?>[] {String.class, Object.class},
                    result,
                    "--weight",
                    0);
            assertThat(value).isEqualTo(25);
        }
    }

    private static Object call(Class<?> type, String name, Class<?>[] parameters, Object target, Object... args)
            throws Exception {
        java.lang.reflect.Method method = type.getMethod(name, parameters);
        method.setAccessible(true);
        return method.invoke(target, args);
    }

    /** Names in order, with their content. */
    private static Map<String, String> entries(Path jar) throws Exception {
        Map<String, String> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            List<ZipEntry> list = new ArrayList<>(Collections.list(zip.entries()));
            for (ZipEntry e : list) {
                entries.put(e.getName(), new String(zip.getInputStream(e).readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
