package io.canarygate.jenkins;

import hudson.AbortException;
import io.canarygate.core.Durations;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.WaitOptions;
import io.canarygate.core.engine.WaitResult;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The running {@code sloWait}. It holds no thread: the core's wait is a chain of tasks on the plugin's shared
 * two-thread scheduler. It persists only plain data — the spec text and parameters, the window key, and the deadline
 * and counters it last saw — so after a controller restart {@link #onResume()} opens the rollout again and asks the
 * core to wait with the same window key; the core resumes the window from the rollout record in the cluster (same
 * deadline, same counters). {@link #stop} stops listening and fails the step with the cause.
 */
public final class SloWaitStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    private final SpecSource.Lazy source;
    private final String duration;
    private final String interval;
    /** The window; null until the core names it (then {@code w<weight>} unless the step set one). */
    private volatile String key;
    /** What the last evaluation said, for {@link #getStatus()} and the log after a restart. */
    private volatile long deadlineMillis;

    private volatile int evaluations;
    private volatile String rollout;
    private volatile boolean done;

    private transient volatile CompletableFuture<WaitResult> wait;

    SloWaitStepExecution(StepContext context, StepSettings settings, String duration, String interval, String key) {
        super(context);
        this.source = new SpecSource.Lazy(settings);
        this.duration = duration;
        this.interval = interval;
        this.key = key;
    }

    @Override
    public boolean start() {
        // No I/O here (CPS thread): reading canary.yaml and the first request happen on the scheduler.
        CanaryGateRuntime.get().scheduler().schedule(Duration.ZERO, this::arm);
        return false;
    }

    @Override
    public void onResume() {
        if (done) {
            return;
        }
        StepRollout.println(
                getContext(),
                "sloWait: resuming window " + (key == null ? "(not started)" : key) + " after a restart"
                        + (deadlineMillis > 0 ? ", ends " + Instant.ofEpochMilli(deadlineMillis) : ""));
        CanaryGateRuntime.get().scheduler().schedule(Duration.ZERO, this::arm);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (finish()) {
            CompletableFuture<WaitResult> w = wait;
            if (w != null) {
                w.cancel(false);
            }
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        if (done) {
            return "finished";
        }
        if (key == null) {
            return "starting";
        }
        long left = deadlineMillis - System.currentTimeMillis();
        return "judging window " + key + " of rollout " + rollout + ": " + evaluations + " evaluation(s)"
                + (deadlineMillis > 0 ? ", " + Durations.format(Duration.ofMillis(Math.max(0, left))) + " left" : "");
    }

    /** Opens the rollout and (re)starts the core's wait; on the scheduler thread. */
    private void arm() {
        if (done) {
            return;
        }
        try {
            SpecSource spec = source.get(getContext());
            StepRollout r = StepRollout.open(getContext(), spec, this::observe);
            rollout = r.spec.name();
            WaitOptions options = new WaitOptions(
                    Optional.ofNullable(SloWaitStep.parse("duration", duration)),
                    Optional.ofNullable(SloWaitStep.parse("interval", interval)),
                    Optional.ofNullable(key),
                    Optional.empty());
            CompletableFuture<WaitResult> w = r.engine.waitForSlo(r.spec, options);
            wait = w;
            w.whenComplete((result, error) -> completed(r, result, error));
        } catch (Exception e) {
            if (finish()) {
                getContext().onFailure(StepRollout.failure(e));
            }
        }
    }

    /** Remembers the window and counters (the plain data a restart needs) as the core reports them. */
    private void observe(RolloutEvent event) {
        if (event instanceof RolloutEvent.Evaluated e) {
            boolean first = key == null;
            key = e.window();
            evaluations = e.evaluation().number();
            deadlineMillis = e.evaluation().state().deadline().toEpochMilli();
            if (first) {
                getContext().saveState();
            }
        }
    }

    private void completed(StepRollout r, WaitResult result, Throwable error) {
        if (error != null) {
            if (finish()) {
                getContext().onFailure(StepRollout.failure(error));
            }
            return;
        }
        if (!finish()) {
            return;
        }
        Evidence.publish(
                getContext(), CanaryRunAction.of(r.run), result.status().record());
        Verdict verdict = result.outcome().verdict();
        if (verdict instanceof Verdict.Pass) {
            getContext().onSuccess(Results.verdict(result));
        } else if (verdict instanceof Verdict.Fail) {
            getContext()
                    .onFailure(new AbortException("sloWait: FAIL — " + verdict.reason()
                            + (result.rolledBack() ? "; rolled back: all traffic is on the stable version" : "")));
        } else {
            getContext()
                    .onFailure(new AbortException("sloWait: " + verdict.id() + " — " + verdict.reason()
                            + "; the rollout is paused at "
                            + result.status().record().weight()
                            + "%: decide with canaryPromote or canaryRollback"));
        }
    }

    /** True for the one caller that gets to end the step. */
    private synchronized boolean finish() {
        if (done) {
            return false;
        }
        done = true;
        return true;
    }
}
