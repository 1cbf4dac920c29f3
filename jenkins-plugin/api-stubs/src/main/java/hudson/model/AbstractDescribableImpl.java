// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractDescribableImpl.java
// at tag jenkins-2.479.3 (research/jenkins-api.md) §1.1; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {
    /** Real: {@code Jenkins.get().getDescriptorOrDie(getClass())}, which throws when Jenkins is not running. */
    @Override
    public Descriptor<T> getDescriptor() {
        throw new IllegalStateException("Jenkins is not running (API stub)");
    }
}
