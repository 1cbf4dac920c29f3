// API stub (never packaged). Read from jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/FlowInterruptedException.java at 0773c3c, 2025-11-17
// (research/jenkins-api.md §1.8); erased signatures, kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Result;
import java.util.Arrays;
import java.util.List;
import jenkins.model.CauseOfInterruption;

/** Ends a step (and the build) with {@link #getResult()}, e.g. ABORTED after a user said no. */
public final class FlowInterruptedException extends InterruptedException {
    private static final long serialVersionUID = 1L;

    private final Result result;
    private final List<CauseOfInterruption> causes;
    private boolean actualInterruption;

    public FlowInterruptedException(Result result, boolean actualInterruption, CauseOfInterruption... causes) {
        this.result = result;
        this.actualInterruption = actualInterruption;
        this.causes = Arrays.asList(causes);
    }

    public Result getResult() {
        return result;
    }

    public List<CauseOfInterruption> getCauses() {
        return causes;
    }

    public boolean isActualInterruption() {
        return actualInterruption;
    }
}
