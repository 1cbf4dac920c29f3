// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/AbstractCIBase.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real class: {@code extends Node implements ItemGroup<TopLevelItem>, StaplerProxy, StaplerFallback, ...}. */
public abstract class AbstractCIBase extends Node implements ItemGroup<TopLevelItem> {}
