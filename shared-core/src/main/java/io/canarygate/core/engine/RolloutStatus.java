package io.canarygate.core.engine;

import io.canarygate.core.state.RolloutRecord;

/**
 * Where a rollout stands: the record plus what the cluster shows now.
 *
 * @param record the durable record
 * @param routerWeight the weight the router reports now
 * @param stableReady ready replicas of the stable Deployment
 * @param stableReplicas desired replicas of the stable Deployment
 * @param canaryReady ready replicas of the canary Deployment (0 when absent)
 * @param canaryReplicas desired replicas of the canary Deployment (0 when absent)
 */
public record RolloutStatus(
        RolloutRecord record,
        int routerWeight,
        int stableReady,
        int stableReplicas,
        int canaryReady,
        int canaryReplicas) {}
