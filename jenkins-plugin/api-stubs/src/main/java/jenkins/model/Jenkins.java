// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/Jenkins.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package jenkins.model;

import hudson.model.AbstractCIBase;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import hudson.security.SecurityRealm;
import org.springframework.security.core.Authentication;

/** The controller. The stub models "not running": {@link #getInstanceOrNull()} is null and {@link #get()} throws. */
public class Jenkins extends AbstractCIBase implements AccessControlled {
    /** Overall/Administer (upstream: {@code Permission.HUDSON_ADMINISTER}). */
    public static final Permission ADMINISTER = null;

    private Jenkins() {}

    /** Who the current thread acts as (upstream: the Spring security context, else anonymous). */
    public static Authentication getAuthentication2() {
        throw new IllegalStateException("Jenkins is not running (API stub)");
    }

    /** Whether a security realm or an authorization strategy is configured. */
    public boolean isUseSecurity() {
        return false;
    }

    public SecurityRealm getSecurityRealm() {
        return null;
    }

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
