package io.canarygate.cli.image;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The JDK whose jlinked runtime goes into test images: {@code CANARYGATE_IMAGE_JDK}, else Temurin 25 where the machine
 * has it (it can train AOT caches), else the JDK running the tests.
 */
final class ImageJdk {
    static final Path TEMURIN_25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");

    private ImageJdk() {}

    static Path find() {
        Optional<Path> fromEnv =
                Optional.ofNullable(System.getenv("CANARYGATE_IMAGE_JDK")).map(Path::of);
        if (fromEnv.isPresent()) {
            return fromEnv.get();
        }
        if (Files.isExecutable(TEMURIN_25.resolve("bin/jlink"))) {
            return TEMURIN_25;
        }
        return Path.of(System.getProperty("java.home"));
    }
}
