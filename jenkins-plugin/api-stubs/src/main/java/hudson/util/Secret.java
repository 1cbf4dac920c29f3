// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/util/Secret.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.util;

import java.io.Serializable;

/** Real class encrypts the value with the controller's key; the stub only holds it. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    @Override
    @Deprecated
    public String toString() {
        return value;
    }
}
