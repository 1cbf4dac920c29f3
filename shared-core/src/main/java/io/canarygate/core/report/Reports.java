package io.canarygate.core.report;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.state.RolloutRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The evidence of a rollout, built from its record alone (which holds every decision with its inputs): JSON for
 * machines, Markdown for the GitHub step summary and the Jenkins build page (a table per analysis window and a Mermaid
 * {@code xychart-beta} of the failing or key objective against its threshold), JUnit XML with one test case per
 * objective per window. docs/report.md describes the three formats.
 *
 * <p>The record never holds a secret (secret references are resolved at the moment of use and their values stay out of
 * it), so nothing written here can leak one.
 */
public final class Reports {
    public static final String JSON_FILE = "canary-report.json";
    public static final String MARKDOWN_FILE = "canary-report.md";
    public static final String JUNIT_FILE = "canary-junit.xml";

    private Reports() {}

    /** The machine report (pretty-printed JSON, field names documented in docs/report.md). */
    public static String json(RolloutRecord record) {
        return JsonReport.render(record);
    }

    /** GitHub-flavoured Markdown: outcome, facts, a table and a chart per analysis window, the history. */
    public static String markdown(RolloutRecord record) {
        return MarkdownReport.render(record);
    }

    /** JUnit XML: a test suite per analysis window, a test case per objective. */
    public static String junit(RolloutRecord record) {
        return JunitReport.render(record);
    }

    /** Writes {@code canary-report.json}, {@code canary-report.md} and {@code canary-junit.xml} into {@code dir}. */
    public static Written write(RolloutRecord record, Path dir) {
        Written w = new Written(dir.resolve(JSON_FILE), dir.resolve(MARKDOWN_FILE), dir.resolve(JUNIT_FILE));
        String json = json(record);
        String markdown = markdown(record);
        String junit = junit(record);
        try {
            Files.createDirectories(dir);
            Files.writeString(w.json(), json, StandardCharsets.UTF_8);
            Files.writeString(w.markdown(), markdown, StandardCharsets.UTF_8);
            Files.writeString(w.junit(), junit, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CanaryGateException(
                    CanaryGateException.Kind.INFRASTRUCTURE,
                    "report: cannot write the report files into " + dir + " ("
                            + e.getClass().getSimpleName() + ": " + e.getMessage() + "); pass a writable directory",
                    e);
        }
        return w;
    }

    /** Paths of the files {@link #write} wrote. */
    public record Written(Path json, Path markdown, Path junit) {}
}
