// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/EnvVars.java at tag jenkins-2.479.3
// (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson;

import java.util.Map;
import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;

    public EnvVars() {}

    public EnvVars(Map<String, String> m) {
        super(m);
    }
}
