// API stub (never packaged). Read from jenkinsci/workflow-step-api-plugin
// src/main/java/org/jenkinsci/plugins/workflow/steps/StepContext.java at 0773c3c, 2025-11-17 (research/jenkins-api.md
// §1.4); erased signatures, kind and superclass match; bodies minimal.
package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.ListenableFuture;
import java.io.IOException;
import java.io.Serializable;

/**
 * Real abstract members also include {@code setResult(Result)} and {@code newBodyInvoker()}; the plugin calls neither
 * (it never subclasses StepContext), so they are left out. {@code onFailure(Throwable)} comes from FutureCallback.
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(Object result);

    public abstract boolean isReady();

    public abstract ListenableFuture<Void> saveState();

    public boolean hasBody() {
        return false;
    }

    @Override
    public abstract boolean equals(Object o);

    @Override
    public abstract int hashCode();
}
