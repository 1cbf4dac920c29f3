package io.canarygate.core.engine;

import io.canarygate.core.state.RolloutRecord;

/** Builds a {@link RolloutStatus}: the record plus what the cluster shows now. */
final class Status {
    private Status() {}

    static RolloutStatus of(Session s, RolloutRecord record) {
        int[] pods;
        if (ArgoRolloutFlow.drives(s)) {
            pods = ArgoRolloutFlow.readiness(s);
        } else {
            var stable = s.workloads.readiness(record.namespace(), record.deployment());
            var canary = s.workloads.readiness(record.namespace(), record.canaryDeployment());
            pods = new int[] {stable.ready(), stable.desired(), canary.ready(), canary.desired()};
        }
        int routerWeight = record.weight();
        if (!record.phase().isTerminal()) {
            try {
                routerWeight = s.router().weight(s.target());
            } catch (RuntimeException e) {
                // The record's weight stands in when the router cannot be read (e.g. its objects are gone).
                s.note("could not read the router's weight (" + e.getMessage() + "); showing the recorded one");
            }
        }
        return new RolloutStatus(record, routerWeight, pods[0], pods[1], pods[2], pods[3]);
    }
}
