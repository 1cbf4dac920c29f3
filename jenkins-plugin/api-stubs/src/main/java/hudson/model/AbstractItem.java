// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractItem.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code extends Actionable implements Item, HttpDeletable, AccessControlled, DescriptorByNameOwner, StaplerProxy}. */
public abstract class AbstractItem extends Actionable implements Item {
    private final transient String name;

    protected AbstractItem(ItemGroup parent, String name) {
        this.name = name;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public String getFullName() {
        return name;
    }

    @Override
    public String getDisplayName() {
        return name;
    }

    @Override
    public String getUrl() {
        return "job/" + name + "/";
    }
}
