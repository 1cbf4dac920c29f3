package io.canarygate.jenkins;

import hudson.Extension;
import hudson.FilePath;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.spec.RollbackMode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.jenkinsci.plugins.workflow.steps.SynchronousNonBlockingStepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryRollback reason: 'errors on checkout'}: sends all traffic back to the unchanged stable version and
 * scales the canary down. Safe to repeat; a rollout already rolled back is left alone. The usual place is
 * {@code post { failure { … } }}.
 */
public class CanaryRollbackStep extends CanaryStep {
    private final String reason;
    private String mode;

    @DataBoundConstructor
    public CanaryRollbackStep(String reason) {
        this.reason = Util.fixEmptyAndTrim(reason);
    }

    public String getReason() {
        return reason;
    }

    public String getMode() {
        return mode;
    }

    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = Util.fixEmptyAndTrim(mode);
    }

    @Override
    public StepExecution start(StepContext context) throws Exception {
        parseMode(mode);
        return new Execution(context, settings(null), reason, mode);
    }

    /** Null for "as canary.yaml's rollback.mode says". */
    static RollbackMode parseMode(String mode) {
        if (mode == null) {
            return null;
        }
        for (RollbackMode m : RollbackMode.values()) {
            if (m.id().equals(mode.toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new CanaryGateException(
                Kind.INVALID_INPUT,
                "mode: \"" + mode + "\" is not a rollback mode; write "
                        + Arrays.stream(RollbackMode.values())
                                .map(RollbackMode::id)
                                .collect(Collectors.joining(" or ")));
    }

    public static final class Execution extends SynchronousNonBlockingStepExecution<Map<String, Object>> {
        private static final long serialVersionUID = 1L;

        private final StepSettings settings;
        private final String reason;
        private final String mode;

        Execution(StepContext context, StepSettings settings, String reason, String mode) {
            super(context);
            this.settings = settings;
            this.reason = reason;
            this.mode = mode;
        }

        @Override
        protected Map<String, Object> run() throws Exception {
            Run<?, ?> run = getContext().get(Run.class);
            CanaryRunAction earlier = run.getAction(CanaryRunAction.class);
            if ((earlier == null || earlier.getConfigYaml() == null)
                    && settings.config == null
                    && getContext().get(FilePath.class) == null) {
                // post { failure { canaryRollback … } } after a build that failed before its first Canary Gate step.
                StepRollout.println(
                        getContext(),
                        "canaryRollback: nothing to roll back: no Canary Gate step ran in this build, and there is no"
                                + " workspace to read canary.yaml from");
                Map<String, Object> none = new LinkedHashMap<>();
                none.put("phase", "NONE");
                return none;
            }
            StepRollout rollout = StepRollout.resolveAndOpen(getContext(), settings);
            RollbackMode m = parseMode(mode);
            RolloutStatus status = StepRollout.await(rollout.engine.rollback(
                    rollout.spec, reason, m == null ? rollout.spec.rollback().mode() : m));
            Evidence.publish(getContext(), CanaryRunAction.of(rollout.run), status.record());
            return Results.status(status);
        }
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryRollback";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: roll the canary back to stable";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }
    }
}
