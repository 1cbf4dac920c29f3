package io.canarygate.core.engine;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.Workloads;
import io.canarygate.core.notify.Notifications;
import io.canarygate.core.notify.RolloutNotification;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.RolloutSpec;
import io.canarygate.core.state.AuditTrail;
import io.canarygate.core.state.Phase;
import io.canarygate.core.state.RecordStore;
import io.canarygate.core.state.RolloutLease;
import io.canarygate.core.state.RolloutRecord;
import io.canarygate.core.state.Transition;
import io.canarygate.core.traffic.CanaryTarget;
import io.canarygate.core.traffic.TrafficRouter;
import io.canarygate.core.traffic.TrafficRouters;
import java.time.Instant;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One operation on one rollout: the spec, the cluster-side helpers, and the bookkeeping every operation shares
 * (transitions written to the record, mirrored as Events, announced to the listener and notification targets).
 */
final class Session {
    final EngineContext ctx;
    final RolloutSpec spec;
    final String namespace;
    final String rollout;
    final Workloads workloads;
    final RecordStore records;
    final RolloutLease leases;
    final AuditTrail audit;
    private final Notifications notifications;
    private TrafficRouter router;

    Session(EngineContext ctx, Components components, RolloutSpec spec) {
        this.ctx = ctx;
        this.spec = spec;
        this.namespace = spec.target().namespace();
        this.rollout = spec.name();
        this.workloads = components.workloads();
        this.records = components.records();
        this.leases = components.leases();
        this.audit = components.audit();
        this.notifications = Notifications.from(spec.notifications(), ctx.secrets());
    }

    Instant now() {
        return ctx.scheduler().now();
    }

    TrafficRouter router() {
        if (router == null) {
            router = TrafficRouters.create(spec.traffic(), ctx.kube(), ctx.secrets());
        }
        return router;
    }

    CanaryTarget target() {
        if (ArgoRolloutFlow.drives(this)) {
            return ArgoRolloutFlow.target(this);
        }
        return workloads.target(
                rollout,
                workloads.stable(namespace, spec.target().deployment()),
                spec.target().canaryLabels());
    }

    Optional<RolloutRecord> record() {
        return records.read(namespace, rollout);
    }

    RolloutRecord requireRecord(String operation) {
        return record().orElseThrow(() -> new CanaryGateException(
                Kind.CONFLICT,
                "rollout " + rollout + " in namespace " + namespace + " has no record, so there is nothing to "
                        + operation + "; run deploy first"));
    }

    void note(String message) {
        ctx.listener().on(new RolloutEvent.Note(now(), rollout, message));
    }

    /**
     * Writes a transition to the record (optimistic concurrency, re-read on conflict), then reports it: listener,
     * Kubernetes Event, notification. {@code edit} may change more of the record in the same write.
     */
    RolloutRecord transition(Phase to, int weight, String reason, UnaryOperator<RolloutRecord> edit) {
        RolloutRecord[] before = new RolloutRecord[1];
        RolloutRecord after = records.update(namespace, rollout, r -> {
            before[0] = r;
            Transition t = new Transition(now(), r.phase(), to, weight, ctx.trigger(), reason);
            return edit.apply(Records.transition(r, t));
        });
        announce(before[0], after, reason);
        return after;
    }

    RolloutRecord transition(Phase to, int weight, String reason) {
        return transition(to, weight, reason, UnaryOperator.identity());
    }

    /**
     * Records an Event on the workload: the stable Deployment, or the Argo Rollout when one runs the pods (so {@code
     * kubectl describe rollout} shows it).
     */
    void recordEvent(String reason, String message, boolean warning) {
        if (ArgoRolloutFlow.drives(this)) {
            audit.record(
                    namespace,
                    AuditTrail.ARGO_ROLLOUT,
                    ArgoRolloutFlow.target(this).stableDeployment(),
                    reason,
                    message,
                    warning);
        } else {
            audit.record(namespace, spec.target().deployment(), reason, message, warning);
        }
    }

    /** Reports a change already written: listener events, a Kubernetes Event, notifications. */
    void announce(RolloutRecord before, RolloutRecord after, String reason) {
        Phase from = before == null ? null : before.phase();
        int fromWeight = before == null ? 0 : before.weight();
        if (from != after.phase()) {
            ctx.listener()
                    .on(new RolloutEvent.PhaseChanged(now(), rollout, from, after.phase(), after.weight(), reason));
        }
        if (fromWeight != after.weight()) {
            ctx.listener().on(new RolloutEvent.WeightChanged(now(), rollout, fromWeight, after.weight()));
        }
        String eventReason = eventReason(from, after, fromWeight);
        if (eventReason != null) {
            boolean warning = after.phase() == Phase.ROLLING_BACK || after.phase() == Phase.ROLLED_BACK;
            recordEvent(eventReason, message(after, reason), warning);
        }
        notifyEvent(from, after, fromWeight).ifPresent(e -> notify(e, after, null, reason));
    }

    /** Sends a notification; a failed delivery becomes a note, never a failure. */
    void notify(NotifyEvent event, RolloutRecord record, String verdict, String reason) {
        RolloutNotification n = new RolloutNotification(
                event, rollout, namespace, record.phase(), record.weight(), verdict, reason, ctx.trigger(), now());
        for (String warning : notifications.send(n)) {
            note(warning);
        }
    }

    private static String message(RolloutRecord r, String reason) {
        return r.phase() + " at " + r.weight() + "%: " + reason;
    }

    private static String eventReason(Phase from, RolloutRecord after, int fromWeight) {
        if (from == after.phase()) {
            return fromWeight != after.weight() ? "WeightChanged" : null;
        }
        return switch (after.phase()) {
            case DEPLOYING -> null;
            case RUNNING -> from == Phase.DEPLOYING && fromWeight == 0 ? "CanaryDeployed" : "WeightChanged";
            case PAUSED -> "Paused";
            case PROMOTING -> "Promoting";
            case PROMOTED -> "Promoted";
            case ROLLING_BACK -> "RollingBack";
            case ROLLED_BACK -> "RolledBack";
        };
    }

    private static Optional<NotifyEvent> notifyEvent(Phase from, RolloutRecord after, int fromWeight) {
        if (from == after.phase() && fromWeight == after.weight()) {
            return Optional.empty();
        }
        return switch (after.phase()) {
            case RUNNING -> Optional.of(fromWeight == 0 ? NotifyEvent.DEPLOYED : NotifyEvent.WEIGHT_CHANGED);
            case PROMOTED -> Optional.of(NotifyEvent.PROMOTED);
            case ROLLED_BACK -> Optional.of(NotifyEvent.ROLLED_BACK);
            default -> Optional.empty();
        };
    }

    /** Cluster-side helpers, built once per engine. */
    record Components(Workloads workloads, RecordStore records, RolloutLease leases, AuditTrail audit) {}
}
