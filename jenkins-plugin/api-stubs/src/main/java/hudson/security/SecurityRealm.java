// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/security/SecurityRealm.java at tag
// jenkins-2.479.3; erased signatures, kind and superclass match; bodies as upstream (the defaults).
package hudson.security;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import jenkins.model.IdStrategy;

public abstract class SecurityRealm extends AbstractDescribableImpl<SecurityRealm> implements ExtensionPoint {
    /** How user names compare (upstream default: case-insensitive). */
    public IdStrategy getUserIdStrategy() {
        return IdStrategy.CASE_INSENSITIVE;
    }

    /** How group names compare (upstream default: as user names). */
    public IdStrategy getGroupIdStrategy() {
        return getUserIdStrategy();
    }
}
