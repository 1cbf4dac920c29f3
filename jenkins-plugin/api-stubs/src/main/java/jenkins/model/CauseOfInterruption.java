// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/CauseOfInterruption.java at
// tag jenkins-2.479.3 (research/jenkins-api.md) §1.8; erased signatures, kind and superclass match; bodies minimal.
package jenkins.model;

import java.io.Serializable;

public abstract class CauseOfInterruption implements Serializable {
    private static final long serialVersionUID = 1L;

    public abstract String getShortDescription();

    /** The build was interrupted from the UI by a user. */
    public static final class UserInterruption extends CauseOfInterruption {
        private static final long serialVersionUID = 1L;

        private final String user;

        public UserInterruption(String userId) {
            this.user = userId;
        }

        @Override
        public String getShortDescription() {
            return "Aborted by " + user;
        }
    }
}
