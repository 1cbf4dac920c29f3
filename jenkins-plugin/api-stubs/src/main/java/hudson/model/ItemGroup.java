// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/ItemGroup.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real interface: {@code extends PersistenceRoot, ModelObject}; PersistenceRoot is left out (unused). */
public interface ItemGroup<T extends Item> extends ModelObject {}
