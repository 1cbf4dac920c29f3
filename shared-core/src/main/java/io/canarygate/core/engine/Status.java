package io.canarygate.core.engine;

import io.canarygate.core.kube.Workloads.Readiness;
import io.canarygate.core.state.RolloutRecord;

/** Builds a {@link RolloutStatus}: the record plus what the cluster shows now. */
final class Status {
    private Status() {}

    /** Desired and ready pods of each side. */
    record Pods(Readiness stable, Readiness canary) {}

    static RolloutStatus of(Session s, RolloutRecord record) {
        Pods pods = ArgoRolloutFlow.drives(s)
                ? ArgoRolloutFlow.pods(s)
                : new Pods(
                        s.workloads.readiness(record.namespace(), record.deployment()),
                        s.workloads.readiness(record.namespace(), record.canaryDeployment()));
        int routerWeight = record.weight();
        if (!record.phase().isTerminal()) {
            try {
                routerWeight = s.router().weight(s.target());
            } catch (RuntimeException e) {
                // The record's weight stands in when the router cannot be read (e.g. its objects are gone).
                s.note("could not read the router's weight (" + e.getMessage() + "); showing the recorded one");
            }
        }
        return new RolloutStatus(
                record,
                routerWeight,
                pods.stable().ready(),
                pods.stable().desired(),
                pods.canary().ready(),
                pods.canary().desired());
    }
}
