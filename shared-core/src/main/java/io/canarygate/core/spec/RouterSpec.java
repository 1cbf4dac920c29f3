package io.canarygate.core.spec;

import java.util.Optional;

/**
 * How traffic is split between the stable and the canary version ({@code traffic.router} in canary.yaml). Each
 * variant carries what its router needs; the {@link #kind()} is the value users write.
 */
public sealed interface RouterSpec {

    /** The value of {@code traffic.router} that selects this variant. */
    String kind();

    /** Whether this router can send 100% of traffic to the canary without changing the stable Deployment. */
    default boolean supportsFullWeight() {
        return true;
    }

    /**
     * Whether promotion leaves this router at 100% rather than at 0%. At promotion the stable Deployment takes the new
     * version and traffic returns to it (0%); where the router itself is the release (a feature flag), promotion is
     * the flag at 100%.
     */
    default boolean fullWeightOnPromotion() {
        return false;
    }

    /**
     * Replica ratio: the Service selects stable and canary pods alike; the canary gets a share of traffic by its share
     * of ready pods. Works in every cluster; weights are approximate and 100 needs promotion.
     */
    record ReplicaRatio() implements RouterSpec {
        @Override
        public String kind() {
            return "replicas";
        }

        @Override
        public boolean supportsFullWeight() {
            return false;
        }
    }

    /**
     * NGINX Ingress canary annotations: a canary Ingress derived from the stable one with
     * {@code nginx.ingress.kubernetes.io/canary-weight}, and an optional header route.
     *
     * @param ingress the stable Ingress name
     * @param header requests carrying this header (and value) always reach the canary
     */
    record NginxIngress(String ingress, Optional<HeaderRoute> header) implements RouterSpec {
        @Override
        public String kind() {
            return "nginx";
        }
    }

    /**
     * Gateway API HTTPRoute weights ({@code gateway.networking.k8s.io/v1}): a backendRef to the canary Service next to
     * the stable one, with weights {@code 100 - w} and {@code w}.
     *
     * @param httpRoute the HTTPRoute whose rule sends traffic to the stable Service
     * @param rule index of the one rule to split; empty: every rule whose backendRefs include the stable Service
     * @param stableService the Service the rule sends traffic to; the canary Service is {@code <stableService>-canary}
     * @param header requests carrying this header (and value) always reach the canary
     */
    record GatewayApi(String httpRoute, Optional<Integer> rule, String stableService, Optional<HeaderRoute> header)
            implements RouterSpec {
        @Override
        public String kind() {
            return "gateway-api";
        }
    }

    /**
     * SMI TrafficSplit ({@code split.smi-spec.io/v1alpha2}) owned by Canary Gate for the root Service: backends the
     * stable Service and its canary Service.
     *
     * @param service the root (apex) Service clients call
     * @param stableService the backend that selects the stable pods; the canary Service is
     *     {@code <stableService>-canary}
     */
    record Smi(String service, String stableService) implements RouterSpec {
        @Override
        public String kind() {
            return "smi";
        }
    }

    /**
     * Istio VirtualService weights ({@code networking.istio.io/v1beta1}) between two Services: a destination to the
     * canary Service next to the stable one, with weights {@code 100 - w} and {@code w}.
     *
     * @param virtualService the VirtualService whose HTTP route sends traffic to the stable Service
     * @param route name of the one HTTP route to split; empty: every HTTP route with the stable Service as destination
     * @param stableService the destination Service; the canary Service is {@code <stableService>-canary}
     * @param header requests carrying this header (and value) always reach the canary
     */
    record Istio(String virtualService, Optional<String> route, String stableService, Optional<HeaderRoute> header)
            implements RouterSpec {
        @Override
        public String kind() {
            return "istio";
        }
    }

    /**
     * An existing Argo Rollout ({@code argoproj.io/v1alpha1}) that Canary Gate moves between its {@code setWeight}
     * steps, promotes ({@code promoteFull}) or aborts; Argo runs the pods and the traffic.
     *
     * @param rollout the Rollout's name
     */
    record ArgoRollout(String rollout) implements RouterSpec {
        @Override
        public String kind() {
            return "argo-rollout";
        }

        /** Argo reaches 100% by finishing the Rollout: promotion ({@code promoteFull}), not a weight step. */
        @Override
        public boolean supportsFullWeight() {
            return false;
        }
    }

    /**
     * A feature flag's rollout percentage, set by an HTTP call: the flag is the release, no canary pods run.
     *
     * @param url where the percentage is sent; {@code {weight}} and {@code {flag}} are replaced
     * @param method PUT, POST or PATCH; the body is {@code {"flag": <flag>, "percentage": <w>}}
     * @param flag the flag's name
     * @param token sent as {@code Authorization: Bearer}, resolved when a call is made
     * @param readUrl where the percentage in force is read (a number or {@code {"percentage": N}})
     */
    record FeatureFlag(String url, String method, String flag, Optional<SecretRef> token, Optional<String> readUrl)
            implements RouterSpec {
        @Override
        public String kind() {
            return "feature-flag";
        }

        @Override
        public boolean fullWeightOnPromotion() {
            return true;
        }
    }

    /**
     * A header that sends a request to the canary regardless of weight.
     *
     * @param name header name, e.g. {@code X-Canary}
     * @param value header value, e.g. {@code always}
     */
    record HeaderRoute(String name, String value) {}
}
