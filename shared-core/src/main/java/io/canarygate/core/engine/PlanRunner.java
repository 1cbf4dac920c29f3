package io.canarygate.core.engine;

import io.canarygate.core.analysis.Verdict;
import io.canarygate.core.spec.RollbackMode;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.spec.StepSpec;
import io.canarygate.core.state.Phase;
import io.canarygate.core.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a whole plan in one go: each weight step deploys and analyses, each timed pause waits, each approval pause asks
 * {@link Approvals}; after the last step the canary is promoted. Pipelines usually run one step per stage instead; this
 * is for the CLI's {@code run}, the demo, and pipelines without manual gates.
 */
public final class PlanRunner {
    private final CanaryEngine engine;
    private final Scheduler scheduler;

    public PlanRunner(CanaryEngine engine, Scheduler scheduler) {
        this.engine = engine;
        this.scheduler = scheduler;
    }

    /** Decides an approval pause: complete with true to go on, false to roll back. */
    @FunctionalInterface
    public interface Approvals {
        CompletableFuture<Boolean> approve(int step, RolloutStatus status);

        /** Approves every pause at once (demo, unattended runs). */
        Approvals AUTOMATIC = (step, status) -> CompletableFuture.completedFuture(true);
    }

    /**
     * How the plan ended.
     *
     * @param status where the rollout stands (PROMOTED, ROLLED_BACK or PAUSED)
     * @param analyses every wait, in order
     */
    public record Result(RolloutStatus status, List<WaitResult> analyses) {
        public boolean promoted() {
            return status.record().phase() == Phase.PROMOTED;
        }
    }

    public CompletableFuture<Result> run(RolloutSpec spec, Approvals approvals) {
        return step(spec, approvals, 0, new ArrayList<>(), null);
    }

    private CompletableFuture<Result> step(
            RolloutSpec spec, Approvals approvals, int index, List<WaitResult> analyses, RolloutStatus last) {
        if (index >= spec.steps().size()) {
            return engine.promote(spec).thenApply(status -> new Result(status, analyses));
        }
        StepSpec current = spec.steps().get(index);
        if (current instanceof StepSpec.Weight w) {
            return engine.deploy(spec, w.weight()).thenCompose(status -> {
                if (w.analysis().isEmpty()) {
                    return step(spec, approvals, index + 1, analyses, status);
                }
                return engine.waitForSlo(spec, WaitOptions.defaults()).thenCompose(result -> {
                    analyses.add(result);
                    if (!(result.outcome().verdict() instanceof Verdict.Pass)) {
                        return CompletableFuture.completedFuture(new Result(result.status(), analyses));
                    }
                    return step(spec, approvals, index + 1, analyses, result.status());
                });
            });
        }
        StepSpec.Pause p = (StepSpec.Pause) current;
        if (p.duration().isPresent()) {
            return Async.later(scheduler, p.duration().get(), () -> null)
                    .thenCompose(ignored -> step(spec, approvals, index + 1, analyses, last));
        }
        return approvals
                .approve(index, last)
                .thenCompose(approved -> approved
                        ? step(spec, approvals, index + 1, analyses, last)
                        : engine.rollback(spec, "not approved at step " + (index + 1), RollbackMode.IMMEDIATE)
                                .thenApply(status -> new Result(status, analyses)));
    }
}
