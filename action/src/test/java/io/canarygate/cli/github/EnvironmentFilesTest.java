package io.canarygate.cli.github;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EnvironmentFilesTest {
    @TempDir
    Path dir;

    @Test
    void singleLineOutputsAreAppendedAsNameEqualsValue() throws Exception {
        Path out = dir.resolve("output");
        Files.writeString(out, "earlier=1\n");
        EnvironmentFiles files = new EnvironmentFiles();
        files.setValue(out, "phase", "RUNNING");
        files.setValue(out, "weight", "10");
        assertThat(Files.readString(out)).isEqualTo("earlier=1\nphase=RUNNING\nweight=10\n");
    }

    @Test
    void multiLineValuesUseTheDelimiterFormWithADelimiterAbsentFromTheValue() throws Exception {
        Path out = dir.resolve("output");
        var delimiters = new ArrayDeque<>(List.of("EOF", "EOF2"));
        EnvironmentFiles files = new EnvironmentFiles(delimiters::poll);
        files.setValue(out, "reason", "line one\nEOF\nline three");
        assertThat(Files.readString(out)).isEqualTo("reason<<EOF2\nline one\nEOF\nline three\nEOF2\n");
    }

    @Test
    void randomDelimitersDifferBetweenValues() {
        EnvironmentFiles files = new EnvironmentFiles();
        String a = files.entry("r", "a\nb");
        String b = files.entry("r", "a\nb");
        assertThat(a).startsWith("r<<ghadelimiter_").isNotEqualTo(b);
    }

    @Test
    void summaryMarkdownIsAppendedWithATrailingLineBreak() throws Exception {
        Path summary = dir.resolve("summary");
        EnvironmentFiles files = new EnvironmentFiles();
        files.appendMarkdown(summary, "### one");
        files.appendMarkdown(summary, "### two\n");
        assertThat(Files.readString(summary)).isEqualTo("### one\n### two\n");
    }

    @Test
    void refusesNamesThatWouldCorruptTheFile() {
        EnvironmentFiles files = new EnvironmentFiles();
        assertThatThrownBy(() -> files.setValue(dir.resolve("o"), "a=b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> files.setValue(dir.resolve("o"), "a<<b", "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
