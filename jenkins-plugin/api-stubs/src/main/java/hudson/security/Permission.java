// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/security/Permission.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.security;

public final class Permission {
    private Permission() {}
}
