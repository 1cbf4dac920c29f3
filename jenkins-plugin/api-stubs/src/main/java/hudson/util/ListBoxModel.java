// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/util/ListBoxModel.java at tag
// jenkins-2.479.3 (research/jenkins-api.md §3); erased signatures, kind and superclass match; bodies minimal.
package hudson.util;

import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

/** The items of a {@code <select>} a {@code doFillXxxItems} web method returns. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    public ListBoxModel() {}

    public void add(String displayName, String value) {
        add(new Option(displayName, value));
    }

    /** One item: what the user sees, and the value the form submits. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(String name, String value) {
            this(name, value, false);
        }

        public Option(String name, String value, boolean selected) {
            this.name = name;
            this.value = value;
            this.selected = selected;
        }
    }
}
