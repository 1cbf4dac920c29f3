// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/TopLevelItem.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

/** Real interface: {@code extends Item, ExtensionPoint, Describable<TopLevelItem>}; the last two are left out. */
public interface TopLevelItem extends Item {}
