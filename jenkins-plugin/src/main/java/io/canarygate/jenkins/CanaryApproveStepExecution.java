package io.canarygate.jenkins;

import hudson.AbortException;
import hudson.model.Result;
import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.engine.RolloutEvent;
import io.canarygate.core.engine.RolloutStatus;
import io.canarygate.core.engine.WaitOptions;
import io.canarygate.core.engine.WaitResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import jenkins.model.CauseOfInterruption;
import org.jenkinsci.plugins.workflow.steps.FlowInterruptedException;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;

/**
 * The running {@code canaryApprove}: waits for a person like {@code input} does (no thread; the answer arrives as a
 * POST to {@link CanaryRunAction}) while the core judges the objectives in a window as long as the timeout. Whichever
 * comes first ends the step: Proceed (success), Abort (rollback, build aborted), a breach (the core rolls back; the
 * step fails with the reason), or the end of the window (the timeout: {@code onTimeout} decides). Persists plain data
 * only; {@link #onResume()} re-registers for answers and resumes the same window from the record.
 */
public final class CanaryApproveStepExecution extends StepExecution {
    private static final long serialVersionUID = 1L;

    /** Executions waiting for an answer in this controller, by id (rebuilt by onResume after a restart). */
    private static final Map<String, CanaryApproveStepExecution> WAITING = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final SpecSource.Lazy source;
    private final String message;
    private final String timeout;
    private final String onTimeout;
    private final String interval;
    /** Who may answer ({@link Submitters}); null: anyone who may build the job. */
    private final String submitter;

    /** "proceed" or "abort" once someone answered; kept so a restart in the middle still settles it. */
    private String answer;

    private String answeredBy;
    private volatile String rollout;
    private volatile boolean done;

    private transient volatile StepRollout open;
    private transient volatile CompletableFuture<WaitResult> wait;

    CanaryApproveStepExecution(
            StepContext context,
            StepSettings settings,
            String message,
            String timeout,
            String onTimeout,
            String interval,
            String submitter) {
        super(context);
        this.source = new SpecSource.Lazy(settings);
        this.message = message;
        this.timeout = timeout;
        this.onTimeout = onTimeout;
        this.interval = interval;
        this.submitter = submitter;
    }

    /** Answers the approval {@code id} (from the build page); false when no such approval waits here. */
    static boolean answer(String id, boolean proceed, String user) {
        CanaryApproveStepExecution e = id == null ? null : WAITING.get(id);
        if (e == null) {
            return false;
        }
        e.answered(proceed, user);
        return true;
    }

    public String getId() {
        return id;
    }

    @Override
    public boolean start() {
        WAITING.put(id, this);
        CanaryGateRuntime.get().scheduler().schedule(Duration.ZERO, this::arm);
        return false;
    }

    @Override
    public void onResume() {
        if (done) {
            return;
        }
        WAITING.put(id, this);
        StepRollout.println(getContext(), "canaryApprove: still waiting for an answer after a restart");
        CanaryGateRuntime.get().scheduler().schedule(Duration.ZERO, this::arm);
    }

    @Override
    public void stop(Throwable cause) throws Exception {
        if (finish("STOPPED", null)) {
            getContext().onFailure(cause);
        }
    }

    @Override
    public String getStatus() {
        return done ? "finished" : "waiting for approval of rollout " + rollout + (answer == null ? "" : ": " + answer);
    }

    private String question() {
        return message != null
                ? message
                : "Promote the canary of " + (rollout == null ? "this rollout" : rollout) + "?";
    }

    private void arm() {
        if (done) {
            return;
        }
        try {
            SpecSource spec = source.get(getContext());
            StepRollout r = StepRollout.open(getContext(), spec, this::observe);
            rollout = r.spec.name();
            CanaryRunAction action = CanaryRunAction.of(r.run);
            action.approvalPending(id, question(), submitter);
            StepRollout.println(
                    getContext(),
                    "canaryApprove: " + question() + " — Proceed or Abort on the build page (" + r.trigger.url()
                            + "); judging the SLOs meanwhile, for at most " + timeout + " (then " + onTimeout + ")");
            WaitOptions options = new WaitOptions(
                    Optional.of(SloWaitStep.parse("timeout", timeout)),
                    Optional.ofNullable(SloWaitStep.parse("interval", interval)),
                    Optional.of("approval-" + id.substring(0, 8)),
                    Optional.empty());
            CompletableFuture<WaitResult> w = r.engine.waitForSlo(r.spec, options);
            String pending;
            synchronized (this) {
                open = r;
                wait = w;
                pending = answer;
            }
            w.whenComplete(this::judged);
            if (pending != null) {
                settle();
            }
        } catch (Exception e) {
            if (finish("FAILED", null)) {
                getContext().onFailure(StepRollout.failure(e));
            }
        }
    }

    private void observe(RolloutEvent event) {
        if (event instanceof RolloutEvent.Evaluated) {
            StepRollout r = open;
            if (r != null) {
                CanaryRunAction.of(r.run).approvalProgress(id, StepRollout.line(event));
            }
        }
    }

    private void answered(boolean proceed, String user) {
        boolean armed;
        synchronized (this) {
            if (done || answer != null) {
                return;
            }
            answer = proceed ? "proceed" : "abort";
            answeredBy = user;
            // Not armed yet: arm() settles it once the rollout is open (exactly one of the two does).
            armed = open != null;
        }
        getContext().saveState();
        if (armed) {
            settle();
        }
    }

    /** Carries out the answer: Proceed ends the step; Abort rolls back first. */
    private void settle() {
        StepRollout r = open;
        String user = answeredBy;
        if ("proceed".equals(answer)) {
            if (finish("APPROVED", user)) {
                StepRollout.println(getContext(), "canaryApprove: approved by " + user);
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("approved", true);
                m.put("approver", user);
                m.put("rollout", rollout);
                getContext().onSuccess(m);
            }
            return;
        }
        StepRollout.println(getContext(), "canaryApprove: aborted by " + user + "; rolling back");
        r.engine
                .rollback(
                        r.spec,
                        "not approved: aborted by " + user,
                        r.spec.rollback().mode())
                .whenComplete((status, error) -> {
                    if (!finish("ABORTED", user)) {
                        return;
                    }
                    if (error != null) {
                        getContext().onFailure(StepRollout.failure(error));
                        return;
                    }
                    Evidence.publish(getContext(), CanaryRunAction.of(r.run), status.record());
                    getContext()
                            .onFailure(new FlowInterruptedException(
                                    Result.ABORTED, true, new CauseOfInterruption.UserInterruption(user)));
                });
    }

    /** The judging window ended before anyone answered: a breach, or the timeout. */
    private void judged(WaitResult result, Throwable error) {
        if (done || answer != null) {
            return;
        }
        StepRollout r = open;
        if (error != null) {
            if (finish("FAILED", null)) {
                getContext().onFailure(StepRollout.failure(error));
            }
            return;
        }
        Verdict verdict = result.outcome().verdict();
        if (verdict instanceof Verdict.Fail) {
            if (finish("BREACHED", null)) {
                Evidence.publish(
                        getContext(), CanaryRunAction.of(r.run), result.status().record());
                getContext()
                        .onFailure(new AbortException("canaryApprove: SLO breached before anyone answered — "
                                + verdict.reason()
                                + (result.rolledBack() ? "; rolled back: all traffic is on the stable version" : "")));
            }
            return;
        }
        String why = "nobody answered within " + timeout;
        switch (CanaryApproveStep.OnTimeout.parse(onTimeout)) {
            case FAIL -> {
                if (finish("TIMED_OUT", null)) {
                    getContext().onFailure(new AbortException("canaryApprove: " + why));
                }
            }
            case PROMOTE -> {
                if (!(verdict instanceof Verdict.Pass)) {
                    if (finish("TIMED_OUT", null)) {
                        getContext()
                                .onFailure(new AbortException("canaryApprove: " + why + "; not promoting: "
                                        + verdict.id() + " — " + verdict.reason()));
                    }
                    return;
                }
                StepRollout.println(getContext(), "canaryApprove: " + why + "; promoting as onTimeout says");
                r.engine.promote(r.spec).whenComplete((status, e) -> timedOut(r, status, e, true, why));
            }
            case ROLLBACK -> {
                StepRollout.println(getContext(), "canaryApprove: " + why + "; rolling back as onTimeout says");
                r.engine
                        .rollback(
                                r.spec,
                                "approval timed out: " + why,
                                r.spec.rollback().mode())
                        .whenComplete((status, e) -> timedOut(r, status, e, false, why));
            }
        }
    }

    private void timedOut(StepRollout r, RolloutStatus status, Throwable error, boolean promoted, String why) {
        if (!finish("TIMED_OUT", null)) {
            return;
        }
        if (error != null) {
            getContext().onFailure(StepRollout.failure(error));
            return;
        }
        Evidence.publish(getContext(), CanaryRunAction.of(r.run), status.record());
        if (promoted) {
            Map<String, Object> m = Results.status(status);
            m.put("approved", false);
            m.put("promotedOnTimeout", true);
            getContext().onSuccess(m);
        } else {
            getContext().onFailure(new AbortException("canaryApprove: " + why + "; rolled back"));
        }
    }

    /** True for the one caller that gets to end the step; records how the approval was settled. */
    private boolean finish(String state, String by) {
        synchronized (this) {
            if (done) {
                return false;
            }
            done = true;
        }
        WAITING.remove(id);
        CompletableFuture<WaitResult> w = wait;
        if (w != null) {
            w.cancel(false);
        }
        StepRollout r = open;
        if (r != null) {
            CanaryRunAction.of(r.run).approvalSettled(id, state, by);
        }
        return true;
    }
}
