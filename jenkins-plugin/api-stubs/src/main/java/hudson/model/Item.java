// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Item.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

/** Real interface: {@code extends PersistenceRoot, SearchableModelObject, AccessControlled, OnMaster}. */
public interface Item extends AccessControlled, ModelObject {
    /** Real constants are built from the permission group; the stub leaves them null. */
    Permission CONFIGURE = null;

    Permission EXTENDED_READ = null;
    Permission BUILD = null;

    Permission CANCEL = null;

    String getName();

    String getFullName();

    String getUrl();
}
