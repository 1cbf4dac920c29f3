// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Job.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code extends AbstractItem implements ExtensionPoint, StaplerOverridable, ModelObjectWithChildren}. */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends AbstractItem {
    protected Job(ItemGroup parent, String name) {
        super(parent, name);
    }
}
