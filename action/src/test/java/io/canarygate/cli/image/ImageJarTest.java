package io.canarygate.cli.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
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

class StoredJarTest {
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

        Path once = StoredJar.write(jar, dir.resolve("a/out.jar"));
        Path twice = StoredJar.write(jar, dir.resolve("b/out.jar"));

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
