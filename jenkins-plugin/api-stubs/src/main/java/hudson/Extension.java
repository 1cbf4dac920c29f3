// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/Extension.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.9; erased signatures, kind and superclass match; bodies minimal.
package hudson;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import net.java.sezpoz.Indexable;

/** Marks an extension; SezPoz indexes it into {@code META-INF/annotations/hudson.Extension} at compile time. */
@Indexable
@Retention(RUNTIME)
@Target({TYPE, FIELD, METHOD})
@Documented
public @interface Extension {
    double ordinal() default 0;

    @Deprecated
    boolean optional() default false;
    // dynamicLoadable() (a jenkins.YesNoMaybe) is left out: the plugin never sets it.
}
