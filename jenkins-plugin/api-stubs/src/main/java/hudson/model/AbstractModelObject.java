// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractModelObject.java at
// tag jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code implements SearchableModelObject}; left out (unused). */
public abstract class AbstractModelObject implements ModelObject {}
