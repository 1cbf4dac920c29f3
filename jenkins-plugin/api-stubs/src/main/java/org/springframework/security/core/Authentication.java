// API stub (never packaged). Read from spring-projects/spring-security core/src/main/java/org/springframework/security/
// core/Authentication.java (the Spring Security 6 that Jenkins 2.528.3 ships); the two methods the plugin calls, the
// kind and super-interfaces match; Jenkins supplies the real interface at run time.
package org.springframework.security.core;

import java.io.Serializable;
import java.security.Principal;
import java.util.Collection;

public interface Authentication extends Principal, Serializable {
    Collection<? extends GrantedAuthority> getAuthorities();
}
