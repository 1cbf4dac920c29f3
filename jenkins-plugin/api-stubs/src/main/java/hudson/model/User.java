// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/User.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code extends AbstractModelObject implements AccessControlled, DescriptorByNameOwner, ...}. */
public class User extends AbstractModelObject {
    private final String id;

    private User(String id) {
        this.id = id;
    }

    /** The logged-in user, or null when anonymous (always null in the stub: nobody is logged in). */
    public static User current() {
        return null;
    }

    public String getId() {
        return id;
    }

    public String getFullName() {
        return id;
    }

    @Override
    public String getDisplayName() {
        return id;
    }
}
