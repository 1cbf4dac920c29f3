// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/ExtensionList.java at tag
// jenkins-2.479.3 (research/jenkins-api.md); erased signatures, kind and superclass match; bodies minimal.
package hudson;

import java.util.AbstractList;

/** Real class: {@code extends AbstractList<T> implements OnMaster}; OnMaster is left out (unused). */
public class ExtensionList<T> extends AbstractList<T> {
    private ExtensionList() {}

    /** Real: the single registered instance; throws IllegalStateException when Jenkins is not running. */
    public static <U> U lookupSingleton(Class<U> type) {
        throw new IllegalStateException("Jenkins is not running (API stub)");
    }

    @Override
    public T get(int index) {
        throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int size() {
        return 0;
    }
}
