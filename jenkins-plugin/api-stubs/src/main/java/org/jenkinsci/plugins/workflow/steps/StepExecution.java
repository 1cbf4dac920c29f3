// API stub (never packaged). Read from jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/StepExecution.java at 0773c3c, 2025-11-17 (research/jenkins-api.md
// §1.3); erased signatures, kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.workflow.steps;

import java.io.Serializable;

public abstract class StepExecution implements Serializable {
    private static final long serialVersionUID = 1L;

    private StepContext context;

    @Deprecated
    protected StepExecution() {}

    protected StepExecution(StepContext context) {
        this.context = context;
    }

    public StepContext getContext() {
        if (context == null) {
            throw new IllegalStateException("you must either pass in a StepContext to the StepExecution constructor");
        }
        return context;
    }

    /** Runs on the CPS VM thread: no I/O, no blocking. True when finished synchronously. */
    public abstract boolean start() throws Exception;

    public void stop(Throwable cause) throws Exception {
        getContext().onFailure(cause);
    }

    /** Called after a controller restart when the execution was loaded from program.dat. Must not throw. */
    public void onResume() {}

    public String getStatus() {
        return null;
    }

    public boolean blocksRestart() {
        return false;
    }
}
