package io.canarygate.core.traffic;

import java.util.List;

/**
 * Sets and reads the share of traffic the canary receives. One implementation per mechanism (replica ratio, NGINX
 * Ingress, Gateway API, SMI, Istio, an existing Argo Rollout, a feature flag). Every method is idempotent: re-running it
 * after a crash at any point converges.
 *
 * <p>Order of use: {@link #check} before anything changes; {@link #prepare} after the canary Deployment exists;
 * {@link #setWeight} to shift; {@link #remove} after promotion or rollback, which leaves all traffic on stable.
 */
public interface TrafficRouter {

    /** The router kind as users write it ({@code traffic.router}). */
    String kind();

    /**
     * Checks that the objects this router needs exist and are usable, changing nothing.
     *
     * @throws io.canarygate.core.CanaryGateException INVALID_INPUT naming the missing or unusable object
     */
    void check(CanaryTarget target);

    /** Creates what the canary side needs (e.g. a canary Service and Ingress) with weight 0. */
    void prepare(CanaryTarget target);

    /** Sends {@code weight}% (0–100) of traffic to the canary. */
    void setWeight(CanaryTarget target, int weight);

    /** The weight currently in force; 0 when nothing canary-side exists. */
    int weight(CanaryTarget target);

    /** Sends all traffic to stable and deletes canary-side routing objects. */
    void remove(CanaryTarget target);

    /**
     * What the operator should know before {@code weight}% (1–99) goes to the canary, read from the cluster as it
     * stands, changing nothing: e.g. that the Service taking the stable share also selects the canary pods, so the
     * canary gets more than its weight. One line each, with the fix; empty when traffic will split as asked.
     */
    default List<String> notes(CanaryTarget target, int weight, int stableReplicas, int canaryReplicas) {
        return List.of();
    }

    /**
     * Canary replicas needed to carry {@code weight} when stable runs {@code stableReplicas}. Weight 0 needs 0; any
     * other weight at least 1.
     */
    int canaryReplicas(int stableReplicas, int weight);
}
