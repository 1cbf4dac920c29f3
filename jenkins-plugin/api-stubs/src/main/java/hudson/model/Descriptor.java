// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Descriptor.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.2; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code implements Saveable, OnMaster}; those interfaces are left out (unused by the plugin). */
public abstract class Descriptor<T extends Describable<T>> {
    public final transient Class<? extends T> clazz;

    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = clazz;
    }

    /** Real: infers {@code clazz} from the enclosing class of the descriptor. */
    @SuppressWarnings("unchecked")
    protected Descriptor() {
        this.clazz = (Class<? extends T>) getClass().getEnclosingClass();
    }

    public String getDisplayName() {
        return clazz == null ? getClass().getSimpleName() : clazz.getSimpleName();
    }

    public String getId() {
        return clazz == null ? getClass().getName() : clazz.getName();
    }

    /** Real: writes the descriptor's XML under JENKINS_HOME. */
    public synchronized void save() {}

    /** Real: reads the descriptor's XML from JENKINS_HOME. */
    public synchronized void load() {}
}
