// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/DataBoundSetter.java at
// 135bbbc, 2026-08-20 (research/jenkins-api.md §1.9); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

@Retention(RUNTIME)
@Target({METHOD, FIELD})
@Documented
public @interface DataBoundSetter {}
