package io.canarygate.cli.image;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/** Reads a Docker-format image tarball (manifest.json, config.json, one .tar.gz per layer). */
final class ImageTar {
    private ImageTar() {}

    /** Every top-level entry's bytes (the tarball is tens of MB; fine for a test). */
    static Map<String, byte[]> entries(Path tar) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(tar);
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                if (e.isFile()) {
                    entries.put(e.getName(), t.readAllBytes());
                }
            }
        }
        return entries;
    }

    static JsonNode json(Path tar, String name) throws IOException {
        byte[] bytes = entries(tar).get(name);
        if (bytes == null) {
            throw new IOException(tar + " has no " + name);
        }
        return new ObjectMapper().readTree(bytes);
    }

    /** The image config, found through manifest.json as podman and docker find it. */
    static JsonNode config(Path tar) throws IOException {
        Map<String, byte[]> entries = entries(tar);
        ObjectMapper mapper = new ObjectMapper();
        JsonNode manifest = mapper.readTree(entries.get("manifest.json"));
        return mapper.readTree(entries.get(manifest.get(0).get("Config").asText()));
    }
}
