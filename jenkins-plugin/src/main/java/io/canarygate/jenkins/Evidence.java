package io.canarygate.jenkins;

import hudson.FilePath;
import io.canarygate.core.report.Reports;
import io.canarygate.core.state.RolloutRecord;
import java.io.IOException;
import org.jenkinsci.plugins.workflow.steps.StepContext;

/**
 * Publishes a rollout's evidence after a step: the build page summary, and — when the step runs inside {@code node} —
 * {@code canary-gate/junit.xml} (one test case per objective per window, for the {@code junit} step),
 * {@code report.md} and {@code report.json} in the workspace. Evidence never fails the step: a problem is a log line.
 */
final class Evidence {
    /** Where the files go, relative to the workspace. */
    static final String DIR = "canary-gate";

    private Evidence() {}

    static void publish(StepContext context, CanaryRunAction action, RolloutRecord record) {
        String markdown = null;
        try {
            markdown = Reports.markdown(record);
        } catch (RuntimeException e) {
            StepRollout.println(context, "canary-gate: no summary for the build page (" + e.getMessage() + ")");
        }
        action.update(record, markdown);
        FilePath workspace;
        try {
            workspace = context.get(FilePath.class);
        } catch (IOException | InterruptedException e) {
            workspace = null;
        }
        if (workspace == null) {
            return;
        }
        try {
            FilePath dir = workspace.child(DIR);
            dir.mkdirs();
            dir.child("junit.xml").write(Reports.junit(record), "UTF-8");
            dir.child("report.json").write(Reports.json(record), "UTF-8");
            if (markdown != null) {
                dir.child("report.md").write(markdown, "UTF-8");
            }
        } catch (IOException | RuntimeException e) {
            StepRollout.println(context, "canary-gate: could not write " + DIR + "/ in the workspace (" + e + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
