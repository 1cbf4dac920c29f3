// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/IdStrategy.java at tag
// jenkins-2.479.3; erased signatures, kind and superclass match; bodies minimal (CASE_INSENSITIVE as upstream).
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import java.util.Comparator;
import java.util.Locale;

public abstract class IdStrategy extends AbstractDescribableImpl<IdStrategy>
        implements ExtensionPoint, Comparator<String> {
    public static final IdStrategy CASE_INSENSITIVE = new IdStrategy() {
        @Override
        public int compare(String id1, String id2) {
            return id1.toLowerCase(Locale.ENGLISH).compareTo(id2.toLowerCase(Locale.ENGLISH));
        }
    };

    /** Whether the two ids name the same user or group (upstream: {@code compare(id1, id2) == 0}). */
    public boolean equals(String id1, String id2) {
        return compare(id1, id2) == 0;
    }

    @Override
    public abstract int compare(String id1, String id2);
}
