package io.canarygate.jenkins;

import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.engine.RolloutStatus;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryDeploy weight: 10, image: 'ghcr.io/acme/checkout:1.4.0'}: creates or updates the canary from the stable
 * Deployment with the new image and sends it {@code weight}% of traffic. Returns {@code [rollout, phase, weight, ...]}.
 * Re-running it at the same weight does nothing; a lower weight shifts traffic back first.
 */
public class CanaryDeployStep extends CanaryStep {
    private final int weight;
    private String image;

    @DataBoundConstructor
    public CanaryDeployStep(int weight) {
        this.weight = weight;
    }

    public int getWeight() {
        return weight;
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = Util.fixEmptyAndTrim(image);
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(context, settings(image), weight);
    }

    /** A few API calls and a readiness wait, off the CPS thread; a restart meanwhile fails it (re-run to resume). */
    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final StepSettings settings;
        private final int weight;

        Execution(StepContext context, StepSettings settings, int weight) {
            super(context);
            this.settings = settings;
            this.weight = weight;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            StepRollout rollout = StepRollout.resolveAndOpen(getContext(), settings);
            RolloutStatus status = StepRollout.await(rollout.engine.deploy(rollout.spec, weight));
            Evidence.publish(getContext(), CanaryRunAction.of(rollout.run), status.record());
            return Results.status(status);
        }
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryDeploy";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: deploy the canary and send it a share of traffic";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object w = namedArgs.get("weight");
            return w == null ? null : w + "%";
        }
    }
}
