// API stub (never packaged). Read from jenkinsci/stapler
// core/src/main/java/org/kohsuke/stapler/interceptor/RequirePOST.java at 135bbbc, 2026-08-20 (research/jenkins-api.md
// §1.9); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler.interceptor;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Rejects non-POST requests to a web method. Real one is {@code @InterceptorAnnotation(Processor.class)}. */
@Retention(RUNTIME)
@Target({METHOD, FIELD})
public @interface RequirePOST {}
