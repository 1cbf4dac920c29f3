// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Run.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

import hudson.security.AccessControlled;
import java.io.File;
import java.io.IOException;

/**
 * Real class: {@code extends Actionable implements ExtensionPoint, Comparable<RunT>, AccessControlled, PersistenceRoot,
 * DescriptorByNameOwner, OnMaster, StaplerProxy}; only AccessControlled is kept.
 */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Actionable
        implements AccessControlled {
    protected final transient JobT project;

    /** The build number (a public field in the real class too). */
    public int number;

    protected Run(JobT job) throws IOException {
        this.project = job;
    }

    public JobT getParent() {
        return project;
    }

    public int getNumber() {
        return number;
    }

    public String getUrl() {
        return project.getUrl() + number + "/";
    }

    public String getFullDisplayName() {
        return project.getFullName() + " #" + number;
    }

    @Override
    public String getDisplayName() {
        return "#" + number;
    }

    /** Real: reads the build's CauseAction; the stub has no causes. */
    public <T extends Cause> T getCause(Class<T> type) {
        return null;
    }

    public File getRootDir() {
        return new File(System.getProperty("java.io.tmpdir"), getParent().getFullName() + "/" + number);
    }

    /** Real: writes build.xml. */
    public synchronized void save() throws IOException {}

    @Override
    public void addAction(Action a) {
        super.addAction(a);
    }
}
