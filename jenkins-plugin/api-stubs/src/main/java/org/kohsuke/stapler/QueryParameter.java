// API stub (never packaged). Read from jenkinsci/stapler core/src/main/java/org/kohsuke/stapler/QueryParameter.java at
// 135bbbc, 2026-08-20 (research/jenkins-api.md §1.9); erased signatures, kind and superclass match; bodies minimal.
package org.kohsuke.stapler;

import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/** Real annotation is also meta-annotated {@code @InjectedParameter(HandlerImpl.class)}; the real one is linked. */
@Retention(RUNTIME)
@Target(PARAMETER)
@Documented
public @interface QueryParameter {
    String value() default "";

    boolean required() default false;

    boolean fixEmpty() default false;
}
