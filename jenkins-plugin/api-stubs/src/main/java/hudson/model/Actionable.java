// API stub (never packaged). Read from jenkinsci/jenkins core/src/main/java/hudson/model/Actionable.java at tag
// jenkins-2.479.3 (research/jenkins-api.md) §1.10; erased signatures, kind and superclass match; bodies minimal.
package hudson.model;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

public abstract class Actionable extends AbstractModelObject {
    private final transient List<Action> actions = new CopyOnWriteArrayList<>();

    public List<Action> getActions() {
        return actions;
    }

    public void addAction(Action a) {
        actions.add(a);
    }

    public <T extends Action> T getAction(Class<T> type) {
        for (Action a : actions) {
            if (type.isInstance(a)) {
                return type.cast(a);
            }
        }
        return null;
    }
}
