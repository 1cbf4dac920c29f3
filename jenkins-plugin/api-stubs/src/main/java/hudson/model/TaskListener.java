// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/TaskListener.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

import java.io.PrintStream;

/** Real interface: {@code extends SerializableOnlyOverRemoting}; never keep one in a persisted field. */
public interface TaskListener {
    PrintStream getLogger();
}
