// API stub (never packaged). Read from jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/StepDescriptor.java at 0773c3c, 2025-11-17
// (research/jenkins-api.md §1.2); erased signatures, kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.workflow.steps;

import hudson.model.Descriptor;
import java.util.Map;
import java.util.Set;

public abstract class StepDescriptor extends Descriptor<Step> {
    public abstract Set<? extends Class<?>> getRequiredContext();

    public Set<? extends Class<?>> getProvidedContext() {
        return Set.of();
    }

    public abstract String getFunctionName();

    public boolean takesImplicitBlockArgument() {
        return false;
    }

    public boolean isAdvanced() {
        return false;
    }

    /** The label the Pipeline graph shows for a call; real default handles one simple argument. */
    public String argumentsToString(Map<String, Object> namedArgs) {
        return null;
    }
}
