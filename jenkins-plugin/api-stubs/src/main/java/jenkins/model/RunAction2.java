// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/jenkins/model/RunAction2.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package jenkins.model;

import hudson.model.Action;
import hudson.model.Run;

public interface RunAction2 extends Action {
    void onAttached(Run<?, ?> r);

    void onLoad(Run<?, ?> r);
}
