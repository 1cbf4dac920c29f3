package io.canarygate.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.engine.RolloutStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code def s = canaryStatus()}: where the rollout stands (phase, weight, replicas) without changing anything; writes
 * the evidence files when run inside {@code node}. Phase {@code NONE} when the rollout has no record.
 */
public class CanaryStatusStep extends CanaryStep {
    @DataBoundConstructor
    public CanaryStatusStep() {}

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, settings(null));
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final StepSettings settings;

        Execution(StepContext context, StepSettings settings) {
            super(context);
            this.settings = settings;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRollout rollout = StepRollout.resolveAndOpen(getContext(), settings);
            Optional<RolloutStatus> status =
                    CanaryGateRuntime.withPluginClassLoader(() -> rollout.engine.status(rollout.spec));
            if (status.isEmpty()) {
                Map<String, Object> none = new LinkedHashMap<>();
                none.put("rollout", rollout.spec.name());
                none.put("namespace", rollout.spec.target().namespace());
                none.put("phase", "NONE");
                none.put("weight", 0);
                StepRollout.println(getContext(), "canary-gate: rollout " + rollout.spec.name() + " has no record");
                return none;
            }
            Evidence.publish(
                    getContext(), CanaryRunAction.of(rollout.run), status.get().record());
            return Results.status(status.get());
        }
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryStatus";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: show where the rollout stands";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
