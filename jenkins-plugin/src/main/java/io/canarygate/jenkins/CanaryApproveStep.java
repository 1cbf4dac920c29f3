package io.canarygate.jenkins;

import hudson.Extension;
import hudson.Util;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code canaryApprove message: 'Go to 50%?', timeout: '4h', onTimeout: 'rollback'}: an approval gate like
 * {@code input} — Proceed or Abort on the build page, for users allowed to build the job — that keeps judging the SLOs
 * while it waits, shows the latest values, and rolls back and fails by itself on a breach before anyone answers.
 * Abort rolls back and ends the build as aborted. When nobody answers in time, {@code onTimeout} decides.
 * {@code submitter: 'alice,release-managers'} lets only those users and groups (and administrators) answer.
 */
public class CanaryApproveStep extends CanaryStep {
    static final String DEFAULT_TIMEOUT = "4h";

    /** What happens when nobody answers within the timeout. */
    enum OnTimeout {
        ROLLBACK,
        PROMOTE,
        FAIL;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static OnTimeout parse(String text) {
            if (text == null) {
                return ROLLBACK;
            }
            for (OnTimeout o : values()) {
                if (o.id().equals(text.toLowerCase(Locale.ROOT))) {
                    return o;
                }
            }
            throw new CanaryGateException(
                    Kind.INVALID_INPUT, "onTimeout: \"" + text + "\" is not allowed; write rollback, promote or fail");
        }
    }

    private String message;
    private String timeout;
    private String onTimeout;
    private String interval;
    private String submitter;

    @DataBoundConstructor
    public CanaryApproveStep() {}

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = Util.fixEmptyAndTrim(message);
    }

    public String getTimeout() {
        return timeout;
    }

    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = Util.fixEmptyAndTrim(timeout);
    }

    public String getOnTimeout() {
        return onTimeout;
    }

    @DataBoundSetter
    public void setOnTimeout(String onTimeout) {
        this.onTimeout = Util.fixEmptyAndTrim(onTimeout);
    }

    public String getInterval() {
        return interval;
    }

    @DataBoundSetter
    public void setInterval(String interval) {
        this.interval = Util.fixEmptyAndTrim(interval);
    }

    public String getSubmitter() {
        return submitter;
    }

    /** User ids or group names, comma-separated, who may answer (as {@code input}'s submitter); default: anyone who may build the job. */
    @DataBoundSetter
    public void setSubmitter(String submitter) {
        this.submitter = Util.fixEmptyAndTrim(submitter);
    }

    @Override
    public StepExecution start(StepContext context) {
        String t = timeout == null ? DEFAULT_TIMEOUT : timeout;
        SloWaitStep.parse("timeout", t);
        SloWaitStep.parse("interval", interval);
        if (submitter != null) {
            Submitters.parse(submitter);
        }
        return new CanaryApproveStepExecution(
                context, settings(null), message, t, OnTimeout.parse(onTimeout).id(), interval, submitter);
    }

    @Extension
    public static final class DescriptorImpl extends CanaryStepDescriptor {
        @Override
        public String getFunctionName() {
            return "canaryApprove";
        }

        @Override
        public String getDisplayName() {
            return "Canary Gate: wait for approval while judging the SLOs";
        }

        @Override
        public Set<? extends Class<?>> getRequiredContext() {
            return Set.of(Run.class, TaskListener.class);
        }

        @Override
        public String argumentsToString(Map<String, Object> namedArgs) {
            Object m = namedArgs.get("message");
            return m == null ? null : m.toString();
        }
    }
}
