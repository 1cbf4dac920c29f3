// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Result.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

import java.io.Serializable;

/** Real class: {@code public final class Result implements Serializable, CustomExportedBean}. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final Result SUCCESS = new Result("SUCCESS");
    public static final Result UNSTABLE = new Result("UNSTABLE");
    public static final Result FAILURE = new Result("FAILURE");
    public static final Result NOT_BUILT = new Result("NOT_BUILT");
    public static final Result ABORTED = new Result("ABORTED");

    private final String name;

    private Result(String name) {
        this.name = name;
    }

    @Override
    public String toString() {
        return name;
    }
}
