package io.canarygate.core.traffic;

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
     * Canary replicas needed to carry {@code weight} when stable runs {@code stableReplicas}. Weight 0 needs 0; any
     * other weight at least 1.
     */
    int canaryReplicas(int stableReplicas, int weight);
}
