// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/Jenkins.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package jenkins.model;

import hudson.model.AbstractCIBase;

/** The controller. The stub models "not running": {@link #getInstanceOrNull()} is null and {@link #get()} throws. */
public class Jenkins extends AbstractCIBase {
    private Jenkins() {}

    public static Jenkins get() throws IllegalStateException {
        throw new IllegalStateException("Jenkins is not running (API stub)");
    }

    public static Jenkins getInstanceOrNull() {
        return null;
    }

    /** The configured root URL ending in a slash, or null when not configured. */
    public String getRootUrl() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "Jenkins";
    }
}
