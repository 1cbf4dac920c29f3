package io.canarygate.core.traffic;

import java.util.Map;

/**
 * The objects one rollout works on, as routers and workload operations need them.
 *
 * @param namespace namespace of everything below
 * @param rollout rollout id (labels {@code canarygate.io/rollout})
 * @param stableDeployment the user's Deployment; never changed before promotion
 * @param canaryDeployment the Deployment Canary Gate creates ({@code <stable>-canary})
 * @param canaryPodLabels labels the canary pods carry: the stable pod template's, {@code target.canaryLabels} over
 *     them, and the two canary labels
 */
public record CanaryTarget(
        String namespace,
        String rollout,
        String stableDeployment,
        String canaryDeployment,
        Map<String, String> canaryPodLabels) {
    public CanaryTarget {
        canaryPodLabels = Map.copyOf(canaryPodLabels);
    }
}
