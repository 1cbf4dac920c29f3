// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Describable.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.1; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** In 2.479.3 {@code getDescriptor()} is abstract here; newer cores make it a default method. Both link alike. */
public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
