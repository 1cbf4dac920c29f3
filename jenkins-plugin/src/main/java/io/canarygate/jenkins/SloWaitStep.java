package io.canarygate.jenkins;

import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code sloWait duration: '30m', interval: '30s'}: judges the objectives of canary.yaml at the current weight for a
 * window, one log line per evaluation. PASS returns the verdict map; FAIL rolls back as the objective says (by default)
 * and fails the stage with the reason; INCONCLUSIVE (not enough evidence) pauses the rollout and fails the stage.
 * Holds no executor and no thread while it waits, and survives a controller restart (see {@link SloWaitStepExecution}).
 */
public class SloWaitStep extends CanaryStep {
    private String duration;
    private String interval;
    private String key;

    @DataBoundConstructor
    public SloWaitStep() {}

    public String getDuration() {
        return duration;
    }

    @DataBoundSetter
    public void setDuration(String duration) {
        this.duration = Util.fixEmptyAndTrim(duration);
    }

    public String getInterval() {
        return interval;
    }

    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Util.fixEmptyAndTrim(interval);
    }

    public String getKey() {
        return key;
    }

    @DataBoundSetter
    public void setKey(String key) {
        this.key = Util.fixEmptyAndTrim(key);
    }

    @Override
    public StepExecution start(StepContext context) {
        parse("duration", duration);
        parse("interval", interval);
        return new SloWaitStepExecution(context, settings(null), duration, interval, key);
    }

    /** Null for "as the plan step in canary.yaml says". */
    static Duration parse(String field, String text) {
        if (text == null) {
            return null;
        }
        return Durations.parse(text)
                .orElseThrow(() -> new CanaryGateException(
                        Kind.INVALID_INPUT, field + ": \"" + text + "\" is not a duration; " + Durations.EXAMPLES));
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "sloWait";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: judge the SLOs for a while (rolls back on a breach)";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object d = namedArgs.get("duration");
            return d == null ? null : d.toString();
        }
    }
}
