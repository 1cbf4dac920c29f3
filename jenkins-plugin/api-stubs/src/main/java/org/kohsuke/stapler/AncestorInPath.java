// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/AncestorInPath.java
// (research/jenkins-api.md §5); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** The nearest ancestor of that type in the URL (the job of a Snippet Generator). Real one: also injected. */
@Retention(RUNTIME)
@Target(PARAMETER)
@Documented
public @interface AncestorInPath {}
