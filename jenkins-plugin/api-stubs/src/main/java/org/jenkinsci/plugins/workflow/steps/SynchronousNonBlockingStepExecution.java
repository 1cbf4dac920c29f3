// API stub (never packaged). Read from jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/SynchronousNonBlockingStepExecution.java at 0773c3c, 2025-11-17
// (research/jenkins-api.md §1.5); erased signatures, kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.workflow.steps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs {@link #run()} on a background pool (real: a cached daemon pool, as the calling Authentication). The stub body
 * does the same so tests can drive short steps; it declares no serialVersionUID, like the real class.
 */
@SuppressWarnings("serial")
public abstract class SynchronousNonBlockingStepExecution<T> extends StepExecution {
    private static ExecutorService executorService;

    private transient volatile Future<?> task;

    protected SynchronousNonBlockingStepExecution(StepContext context) {
        super(context);
    }

    protected abstract T run() throws Exception;

    @Override
    public final boolean start() throws Exception {
        task = getExecutorService().submit(() -> {
            try {
                getContext().onSuccess(run());
            } catch (Throwable t) {
                getContext().onFailure(t);
            }
        });
        return false;
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        Future<?> t = task;
        if (t != null) {
            t.cancel(true);
        }
        super.stop(cause);
    }

    /** Real: fails the step with SynchronousResumeNotSupportedException. */
    @Override
    public void onResume() {
        getContext()
                .onFailure(new Exception("Resume after a restart not supported for non-blocking synchronous steps"));
    }

    private static synchronized ExecutorService getExecutorService() {
        if (executorService == null) {
            executorService = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, "org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution");
                t.setDaemon(true);
                return t;
            });
        }
        return executorService;
    }
}
