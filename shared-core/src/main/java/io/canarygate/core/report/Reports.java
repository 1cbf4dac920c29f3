package io.canarygate.core.report;

import io.canarygate.core.state.RolloutRecord;
import java.nio.file.Path;

/**
 * The evidence of a rollout, built from its record alone (which holds every decision with its inputs): JSON for
 * machines, Markdown for the GitHub step summary and the Jenkins build page (a table per analysis window and a Mermaid
 * {@code xychart-beta} of the failing or key objective against its threshold), JUnit XML with one test case per
 * objective per window.
 */
public final class Reports {
    private Reports() {}

    public static String json(RolloutRecord record) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static String markdown(RolloutRecord record) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    public static String junit(RolloutRecord record) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Writes {@code canary-report.json}, {@code canary-report.md} and {@code canary-junit.xml} into {@code dir}. */
    public static Written write(RolloutRecord record, Path dir) {
        throw new UnsupportedOperationException("not yet implemented");
    }

    /** Paths of the files {@link #write} wrote. */
    public record Written(Path json, Path markdown, Path junit) {}
}
