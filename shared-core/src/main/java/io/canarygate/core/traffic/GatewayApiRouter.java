package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Gateway API ({@code traffic.router: gateway-api}): weights on the backendRefs of the user's HTTPRoute. Each rule whose
 * only backend is a Service {@code s} gets a second backendRef {@code s-canary} (same port) pointing at a canary
 * Service that selects the canary pods; {@code setWeight(w)} sets the weights to {@code 100 - w} and {@code w}.
 * {@link #remove} takes the canary backendRefs out again and clears the stable weight (a rule's only backend gets all
 * its traffic whatever its weight), leaving the route as the user wrote it.
 *
 * <p>Rules that already split traffic between several backends are refused by {@link #check}: changing their weights
 * would change more than the canary's share.
 */
public final class GatewayApiRouter implements TrafficRouter {
    private static final String FIELD = "traffic.gatewayApi.route";

    private final KubernetesClient kube;
    private final RouterSpec.GatewayApi spec;
    private final CanaryServices services;

    public GatewayApiRouter(KubernetesClient kube, RouterSpec.GatewayApi spec) {
        this.kube = kube;
        this.spec = spec;
        this.services = new CanaryServices(kube);
    }

    @Override
    public String kind() {
        return "gateway-api";
    }

    @Override
    public void check(CanaryTarget target) {
        HTTPRoute route = route(target);
        Set<String> stable = stableServices(route);
        for (String name : stable) {
            Service s = services.get(target.namespace(), name);
            if (s == null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": httproute \"" + spec.route() + "\" routes to service \"" + name
                                + "\", which does not exist in namespace \"" + target.namespace() + "\"");
            }
            if (s.getSpec() == null
                    || s.getSpec().getSelector() == null
                    || s.getSpec().getSelector().isEmpty()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": service \"" + name + "\" has no selector, so no canary service can be derived"
                                + " from it; give it a pod selector");
            }
        }
    }

    @Override
    public void prepare(CanaryTarget target) {
        check(target);
        for (String name : stableServices(route(target))) {
            services.ensure(target, services.get(target.namespace(), name));
        }
        apply(target, weight(target));
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        if (weight == 0 && !hasCanaryRefs(route(target))) {
            return;
        }
        if (weight > 0) {
            prepare(target);
        }
        apply(target, weight);
    }

    @Override
    public int weight(CanaryTarget target) {
        HTTPRoute route = routeOrNull(target);
        if (route == null) {
            return 0;
        }
        for (HTTPRouteRule rule : rules(route)) {
            HTTPBackendRef canary = null;
            int total = 0;
            for (HTTPBackendRef ref : refs(rule)) {
                int w = ref.getWeight() == null ? 1 : ref.getWeight();
                total += w;
                if (isCanaryRef(rule, ref)) {
                    canary = ref;
                }
            }
            if (canary != null) {
                int w = canary.getWeight() == null ? 1 : canary.getWeight();
                return total == 0 ? 0 : (int) Math.round(100.0 * w / total);
            }
        }
        return 0;
    }

    @Override
    public void remove(CanaryTarget target) {
        HTTPRoute route = routeOrNull(target);
        if (route != null && hasCanaryRefs(route)) {
            KubeCalls.run("edit httproute " + target.namespace() + "/" + spec.route(), () -> resource(target)
                    .edit(r -> {
                        for (HTTPRouteRule rule : rules(r)) {
                            List<HTTPBackendRef> kept = new ArrayList<>();
                            for (HTTPBackendRef ref : refs(rule)) {
                                if (!isCanaryRef(rule, ref)) {
                                    kept.add(ref);
                                }
                            }
                            if (kept.size() != refs(rule).size()) {
                                kept.forEach(ref -> ref.setWeight(null));
                                rule.setBackendRefs(kept);
                            }
                        }
                        return r;
                    }));
        }
        services.deleteAll(target);
    }

    /** Enough canary pods to carry the weight on their own: {@code max(1, ceil(stable * w / 100))}. */
    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        if (weight <= 0) {
            return 0;
        }
        return Math.max(1, (int) Math.ceil(stableReplicas * Math.min(weight, 100) / 100.0));
    }

    /** Sets {@code 100 - w} on each managed rule's stable ref and {@code w} on its canary ref (added if missing). */
    private void apply(CanaryTarget target, int weight) {
        KubeCalls.run("set weights on httproute " + target.namespace() + "/" + spec.route(), () -> resource(target)
                .edit(r -> {
                    for (HTTPRouteRule rule : rules(r)) {
                        HTTPBackendRef stable = stableRef(rule);
                        if (stable == null) {
                            continue;
                        }
                        HTTPBackendRef canary = refs(rule).stream()
                                .filter(ref -> isCanaryRef(rule, ref))
                                .findFirst()
                                .orElse(null);
                        if (canary == null) {
                            canary = new HTTPBackendRef();
                            canary.setName(CanaryServices.canaryName(stable.getName()));
                            canary.setPort(stable.getPort());
                            canary.setKind(stable.getKind());
                            canary.setGroup(stable.getGroup());
                            List<HTTPBackendRef> refs = new ArrayList<>(refs(rule));
                            refs.add(canary);
                            rule.setBackendRefs(refs);
                        }
                        stable.setWeight(100 - weight);
                        canary.setWeight(weight);
                    }
                    return r;
                }));
    }

    private Set<String> stableServices(HTTPRoute route) {
        Set<String> names = new LinkedHashSet<>();
        List<HTTPRouteRule> rules = rules(route);
        for (int i = 0; i < rules.size(); i++) {
            HTTPRouteRule rule = rules.get(i);
            List<HTTPBackendRef> own =
                    refs(rule).stream().filter(r -> !isCanaryRef(rule, r)).toList();
            if (own.size() > 1) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ": httproute \"" + spec.route() + "\" rules[" + i + "] already splits traffic between "
                                + own.size() + " backends; Canary Gate shifts rules with a single Service backend");
            }
            if (own.size() == 1 && isService(own.get(0))) {
                names.add(own.get(0).getName());
            }
        }
        if (names.isEmpty()) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": httproute \"" + spec.route() + "\" has no rule with a Service backend; name the route"
                            + " that sends traffic to the stable service");
        }
        return names;
    }

    private static HTTPBackendRef stableRef(HTTPRouteRule rule) {
        List<HTTPBackendRef> own =
                refs(rule).stream().filter(r -> !isCanaryRef(rule, r)).toList();
        return own.size() == 1 && isService(own.get(0)) ? own.get(0) : null;
    }

    private static boolean hasCanaryRefs(HTTPRoute route) {
        return rules(route).stream().anyMatch(rule -> refs(rule).stream().anyMatch(ref -> isCanaryRef(rule, ref)));
    }

    /** A canary ref sits next to the stable ref it was derived from: {@code s-canary} beside {@code s}. */
    private static boolean isCanaryRef(HTTPRouteRule rule, HTTPBackendRef ref) {
        if (!isService(ref) || ref.getName() == null) {
            return false;
        }
        for (HTTPBackendRef other : refs(rule)) {
            if (other != ref && isService(other) && ref.getName().equals(CanaryServices.canaryName(other.getName()))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isService(HTTPBackendRef ref) {
        return (ref.getKind() == null || ref.getKind().equals("Service"))
                && (ref.getGroup() == null || ref.getGroup().isEmpty());
    }

    private static List<HTTPRouteRule> rules(HTTPRoute route) {
        return route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of()
                : route.getSpec().getRules();
    }

    private static List<HTTPBackendRef> refs(HTTPRouteRule rule) {
        return rule.getBackendRefs() == null ? List.of() : rule.getBackendRefs();
    }

    private HTTPRoute route(CanaryTarget target) {
        HTTPRoute route = routeOrNull(target);
        if (route == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ": \"" + spec.route() + "\" not found in namespace \"" + target.namespace()
                            + "\"; check the name (kubectl get httproute -n " + target.namespace() + ")");
        }
        return route;
    }

    private HTTPRoute routeOrNull(CanaryTarget target) {
        return KubeCalls.call("get httproute " + target.namespace() + "/" + spec.route(), () -> resource(target)
                .get());
    }

    private Resource<HTTPRoute> resource(CanaryTarget target) {
        return kube.resources(HTTPRoute.class).inNamespace(target.namespace()).withName(spec.route());
    }
}
