// API stub (never packaged). Read from spring-projects/spring-security core/src/main/java/org/springframework/security/
// core/GrantedAuthority.java (Spring Security 6); kind and method match.
package org.springframework.security.core;

import java.io.Serializable;

public interface GrantedAuthority extends Serializable {
    String getAuthority();
}
