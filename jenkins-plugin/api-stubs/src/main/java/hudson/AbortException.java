// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/AbortException.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.8; erased signatures, kind and superclass match; bodies minimal.
package hudson;

import java.io.IOException;

/** Fails a build step with just its message, no stack trace. */
public class AbortException extends IOException {
    private static final long serialVersionUID = 1L;

    public AbortException() {}

    public AbortException(String message) {
        super(message);
    }
}
