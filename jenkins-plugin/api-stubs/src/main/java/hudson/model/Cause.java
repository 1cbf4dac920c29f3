// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Cause.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

public abstract class Cause {
    public abstract String getShortDescription();

    /** A build started by a user. */
    public static class UserIdCause extends Cause {
        private final String userId;

        public UserIdCause(String userId) {
            this.userId = userId;
        }

        public String getUserId() {
            return userId;
        }

        public String getUserName() {
            return userId;
        }

        @Override
        public String getShortDescription() {
            return "Started by user " + userId;
        }
    }
}
