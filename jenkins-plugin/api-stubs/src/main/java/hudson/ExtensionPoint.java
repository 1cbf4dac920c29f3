// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/ExtensionPoint.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson;

public interface ExtensionPoint {}
