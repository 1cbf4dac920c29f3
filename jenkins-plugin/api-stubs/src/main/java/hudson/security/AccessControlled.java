// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/security/AccessControlled.java at
// tag jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.security;

/** Real interface: {@code ACL getACL()} plus these default methods over it; getACL is left out (unused). */
public interface AccessControlled {
    /** Real: throws AccessDeniedException (unchecked) unless the current user has {@code permission}. */
    default void checkPermission(Permission permission) {
        throw new IllegalStateException("Jenkins is not running (API stub)");
    }

    default boolean hasPermission(Permission permission) {
        return false;
    }
}
