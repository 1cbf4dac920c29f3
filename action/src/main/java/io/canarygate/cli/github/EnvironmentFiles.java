package io.canarygate.cli.github;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The runner's environment files ({@code $GITHUB_OUTPUT}, {@code $GITHUB_STEP_SUMMARY}, ...): UTF-8, appended to, one
 * command per line. A value with a line break is written in the delimiter form {@code name<<DELIM}, with a random
 * delimiter that does not occur in the value.
 */
public final class EnvironmentFiles {
    private final Supplier<String> delimiters;

    public EnvironmentFiles() {
        this(() -> "ghadelimiter_" + UUID.randomUUID());
    }

    EnvironmentFiles(Supplier<String> delimiters) {
        this.delimiters = delimiters;
    }

    /** Appends {@code name=value} (or the delimiter form) to an output or state file. */
    public void setValue(Path file, String name, String value) {
        if (name.isEmpty() || name.contains("=") || name.contains("\n") || name.contains("<<")) {
            throw new IllegalArgumentException("not an output name: " + name);
        }
        append(file, entry(name, value));
    }

    /** Appends Markdown to the step summary, with a line break so the next writer starts on a new line. */
    public void appendMarkdown(Path file, String markdown) {
        append(file, markdown.endsWith("\n") ? markdown : markdown + "\n");
    }

    String entry(String name, String value) {
        if (!value.contains("\n") && !value.contains("\r")) {
            return name + "=" + value + "\n";
        }
        String delimiter = delimiters.get();
        while (value.contains(delimiter)) {
            delimiter = delimiters.get();
        }
        return name + "<<" + delimiter + "\n" + value + "\n" + delimiter + "\n";
    }

    private static void append(Path file, String text) {
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }
}
