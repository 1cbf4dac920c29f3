package io.canarygate.cli.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * The CLI jar as it goes into the image: the same entries in the same order with the same times, but stored instead
 * of deflated. The JVM then reads each class without inflating it, ~90 ms of a step's cold start on a 2-core runner
 * (bench/cold-start.sh); the image layer is compressed as a whole, so the image hardly grows. Same input, same bytes.
 */
final class StoredJar {
    private StoredJar() {}

    static Path write(Path jar, Path out) throws IOException {
        Files.createDirectories(out.toAbsolutePath().getParent());
        try (ZipFile in = new ZipFile(jar.toFile());
                OutputStream file = Files.newOutputStream(out);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.setMethod(ZipOutputStream.STORED);
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry from = entries.nextElement();
                byte[] bytes;
                try (InputStream data = in.getInputStream(from)) {
                    bytes = data.readAllBytes();
                }
                CRC32 crc = new CRC32();
                crc.update(bytes);
                ZipEntry to = new ZipEntry(from.getName());
                to.setMethod(ZipEntry.STORED);
                to.setSize(bytes.length);
                to.setCompressedSize(bytes.length);
                to.setCrc(crc.getValue());
                to.setTime(from.getTime());
                zip.putNextEntry(to);
                zip.write(bytes);
                zip.closeEntry();
            }
        }
        return out;
    }
}
