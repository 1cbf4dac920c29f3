package io.canarygate.jenkins;

import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.engine.RolloutStatus;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;

/**
 * {@code canaryPromote()}: rolls the stable Deployment to the canary's images, sends it all traffic and removes the
 * canary. Recorded PROMOTING → PROMOTED, so re-running it after an interruption finishes the job.
 */
public class CanaryPromoteStep extends CanaryStep {
    @DataBoundConstructor
    public CanaryPromoteStep() {}

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
            RolloutStatus status = StepRollout.await(rollout.engine.promote(rollout.spec));
            Evidence.publish(getContext(), CanaryRunAction.of(rollout.run), status.record());
            return Results.status(status);
        }
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryPromote";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: promote the canary to stable";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
