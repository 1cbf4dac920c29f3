// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Action.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

public interface Action extends ModelObject {
    String getIconFileName();

    @Override
    String getDisplayName();

    String getUrlName();
}
