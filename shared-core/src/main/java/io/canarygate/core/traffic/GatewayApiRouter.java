package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPBackendRef;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPHeaderMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteMatch;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRouteRule;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Gateway API weights ({@code traffic.router: gateway-api}) on an existing {@code gateway.networking.k8s.io/v1}
 * HTTPRoute. {@link #prepare} creates the canary Service {@code <stableService>-canary} (the stable Service's ports,
 * its selector plus the canary labels) and adds a backendRef to it, weight 0, next to the stable Service in every rule
 * that sends traffic to it (or only in rule {@code rule}); {@link #setWeight} writes stable {@code 100 - w}, canary
 * {@code w}; {@link #remove} drops the canary backendRefs, leaves the stable one at weight 100 and deletes the canary
 * Service. A rule split this way must send its traffic to the stable Service alone: another backend's share would
 * change with every weight.
 *
 * <p>With a header route, an extra rule (the split rule's matches plus the header, which Gateway API ranks above them)
 * sends matching requests to the canary Service only. It is recognised by its backendRefs (the canary Service alone)
 * and removed with the rest.
 */
public final class GatewayApiRouter implements TrafficRouter {
    private static final String FIELD = "traffic.gatewayApi";

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
        splitRules(route, target);
        services.requireStable(
                FIELD + ".stableService",
                target.namespace(),
                spec.stableService(),
                " (behind HTTPRoute \"" + spec.httpRoute() + "\")",
                target.stableDeployment());
    }

    @Override
    public List<String> notes(CanaryTarget target, int weight, int stableReplicas, int canaryReplicas) {
        return services.stableReachingCanary(target, spec.stableService(), weight, stableReplicas, canaryReplicas);
    }

    @Override
    public void prepare(CanaryTarget target) {
        check(target);
        Service stable = services.get(target.namespace(), spec.stableService());
        services.ensure(target, stable);
        edit(target, route -> {
            for (HTTPRouteRule rule : splitRules(route, target)) {
                HTTPBackendRef stableRef = stableRef(rule);
                if (canaryRef(rule) == null) {
                    HTTPBackendRef canary = copyRef(stableRef, canaryService());
                    canary.setWeight(0);
                    if (stableRef.getWeight() == null || stableRef.getWeight() == 0) {
                        stableRef.setWeight(100);
                    }
                    rule.getBackendRefs().add(canary);
                }
            }
            spec.header().ifPresent(h -> {
                if (headerRules(route).isEmpty()) {
                    HTTPRouteRule first = splitRules(route, target).get(0);
                    route.getSpec().getRules().add(headerRule(first, h));
                }
            });
        });
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        HTTPRoute route = find(target);
        if (route == null || !hasCanaryRef(route)) {
            if (weight == 0) {
                return;
            }
            prepare(target);
        }
        int w = Math.max(0, Math.min(100, weight));
        edit(target, r -> {
            for (HTTPRouteRule rule : splitRules(r, target)) {
                HTTPBackendRef canary = canaryRef(rule);
                if (canary == null) {
                    canary = copyRef(stableRef(rule), canaryService());
                    rule.getBackendRefs().add(canary);
                }
                stableRef(rule).setWeight(100 - w);
                canary.setWeight(w);
            }
        });
    }

    @Override
    public int weight(CanaryTarget target) {
        HTTPRoute route = find(target);
        if (route == null) {
            return 0;
        }
        for (HTTPRouteRule rule : rules(route)) {
            HTTPBackendRef canary = canaryRef(rule);
            HTTPBackendRef stable = stableRef(rule);
            if (canary != null && stable != null) {
                int c = orDefault(canary.getWeight());
                int s = orDefault(stable.getWeight());
                return c + s == 0 ? 0 : (int) Math.round(100.0 * c / (c + s));
            }
        }
        return 0;
    }

    @Override
    public void remove(CanaryTarget target) {
        HTTPRoute route = find(target);
        if (route != null && (hasCanaryRef(route) || !headerRules(route).isEmpty())) {
            edit(target, r -> {
                r.getSpec().getRules().removeAll(headerRules(r));
                for (HTTPRouteRule rule : rules(r)) {
                    HTTPBackendRef canary = canaryRef(rule);
                    if (canary != null) {
                        rule.getBackendRefs().remove(canary);
                        HTTPBackendRef stable = stableRef(rule);
                        if (stable != null) {
                            stable.setWeight(100);
                        }
                    }
                }
            });
        }
        services.deleteAll(target);
    }

    @Override
    public int canaryReplicas(int stableReplicas, int weight) {
        return CanaryServices.replicasCarrying(stableReplicas, weight);
    }

    private String canaryService() {
        return CanaryServices.canaryName(spec.stableService());
    }

    private HTTPRoute route(CanaryTarget target) {
        HTTPRoute route = find(target);
        if (route == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ".httpRoute: \"" + spec.httpRoute() + "\" not found in namespace \"" + target.namespace()
                            + "\"; name the HTTPRoute whose rule sends traffic to the stable Service (kubectl get"
                            + " httproute -n " + target.namespace() + ")");
        }
        return route;
    }

    /** The rules whose weights this router sets; fails INVALID_INPUT when there is none or one is shared. */
    private List<HTTPRouteRule> splitRules(HTTPRoute route, CanaryTarget target) {
        List<HTTPRouteRule> rules = rules(route);
        List<HTTPRouteRule> split = new ArrayList<>();
        if (spec.rule().isPresent()) {
            int i = spec.rule().get();
            if (i >= rules.size()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".rule: " + i + " is out of range: HTTPRoute \"" + spec.httpRoute() + "\" has "
                                + rules.size() + " rule(s) besides Canary Gate's own; write an index from 0 to "
                                + (rules.size() - 1) + ", or leave rule out to split every rule that sends traffic"
                                + " to " + spec.stableService());
            }
            if (stableRef(rules.get(i)) == null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".rule: rule " + i + " of HTTPRoute \"" + spec.httpRoute()
                                + "\" does not send traffic to service \"" + spec.stableService()
                                + "\"; name the rule that does, or fix stableService");
            }
            split.add(rules.get(i));
        } else {
            for (HTTPRouteRule rule : rules) {
                if (stableRef(rule) != null) {
                    split.add(rule);
                }
            }
            if (split.isEmpty()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".stableService: HTTPRoute \"" + spec.httpRoute() + "\" in namespace \""
                                + target.namespace() + "\" has no rule whose backendRefs include service \""
                                + spec.stableService() + "\"; name the Service the route sends traffic to");
            }
        }
        for (HTTPRouteRule rule : split) {
            for (HTTPBackendRef ref : rule.getBackendRefs()) {
                if (!isService(ref, spec.stableService()) && !isService(ref, canaryService())) {
                    throw new CanaryGateException(
                            Kind.INVALID_INPUT,
                            FIELD + ".httpRoute: rule " + rules.indexOf(rule) + " of HTTPRoute \"" + spec.httpRoute()
                                    + "\" also sends traffic to \"" + ref.getName() + "\"; Canary Gate splits a rule"
                                    + " between the stable Service and its canary only: give the other backend a rule"
                                    + " of its own, or pick a rule with traffic.gatewayApi.rule");
                }
            }
        }
        return split;
    }

    /** The route's rules without Canary Gate's header rule. */
    private List<HTTPRouteRule> rules(HTTPRoute route) {
        List<HTTPRouteRule> all = route.getSpec() == null || route.getSpec().getRules() == null
                ? List.of()
                : route.getSpec().getRules();
        List<HTTPRouteRule> header = headerRules(route);
        return all.stream().filter(r -> !header.contains(r)).toList();
    }

    /** Rules whose only backend is the canary Service: the header route. */
    private List<HTTPRouteRule> headerRules(HTTPRoute route) {
        if (route.getSpec() == null || route.getSpec().getRules() == null) {
            return List.of();
        }
        return route.getSpec().getRules().stream()
                .filter(r -> r.getBackendRefs() != null
                        && !r.getBackendRefs().isEmpty()
                        && r.getBackendRefs().stream().allMatch(b -> isService(b, canaryService())))
                .toList();
    }

    private boolean hasCanaryRef(HTTPRoute route) {
        return rules(route).stream().anyMatch(r -> canaryRef(r) != null);
    }

    private HTTPRouteRule headerRule(HTTPRouteRule split, RouterSpec.HeaderRoute header) {
        HTTPRouteRule rule = new HTTPRouteRule();
        List<HTTPRouteMatch> matches = new ArrayList<>();
        List<HTTPRouteMatch> original =
                split.getMatches() == null || split.getMatches().isEmpty()
                        ? List.of(new HTTPRouteMatch())
                        : split.getMatches();
        for (HTTPRouteMatch m : original) {
            HTTPRouteMatch copy = kube.getKubernetesSerialization().clone(m);
            List<HTTPHeaderMatch> headers =
                    copy.getHeaders() == null ? new ArrayList<>() : new ArrayList<>(copy.getHeaders());
            HTTPHeaderMatch h = new HTTPHeaderMatch();
            h.setType("Exact");
            h.setName(header.name());
            h.setValue(header.value());
            headers.add(h);
            copy.setHeaders(headers);
            matches.add(copy);
        }
        rule.setMatches(matches);
        HTTPBackendRef canary = copyRef(stableRef(split), canaryService());
        canary.setWeight(null);
        rule.setBackendRefs(new ArrayList<>(List.of(canary)));
        return rule;
    }

    private HTTPBackendRef stableRef(HTTPRouteRule rule) {
        return ref(rule, spec.stableService());
    }

    private HTTPBackendRef canaryRef(HTTPRouteRule rule) {
        return ref(rule, canaryService());
    }

    private HTTPBackendRef ref(HTTPRouteRule rule, String service) {
        if (rule.getBackendRefs() == null) {
            return null;
        }
        return rule.getBackendRefs().stream()
                .filter(b -> isService(b, service))
                .findFirst()
                .orElse(null);
    }

    /** A backendRef to Service {@code name} in the route's own namespace. */
    private static boolean isService(HTTPBackendRef ref, String name) {
        return name.equals(ref.getName())
                && (ref.getKind() == null || ref.getKind().equals("Service"))
                && (ref.getGroup() == null || ref.getGroup().isEmpty())
                && ref.getNamespace() == null;
    }

    private static HTTPBackendRef copyRef(HTTPBackendRef stable, String name) {
        HTTPBackendRef ref = new HTTPBackendRef();
        ref.setName(name);
        ref.setGroup(stable.getGroup());
        ref.setKind(stable.getKind());
        ref.setPort(stable.getPort());
        ref.setWeight(0);
        return ref;
    }

    private static int orDefault(Integer weight) {
        return Objects.requireNonNullElse(weight, 1);
    }

    private void edit(CanaryTarget target, java.util.function.Consumer<HTTPRoute> change) {
        KubeCalls.edit("update HTTPRoute " + target.namespace() + "/" + spec.httpRoute(), () -> resource(target)
                .edit(r -> {
                    if (r.getSpec().getRules() != null) {
                        r.getSpec().setRules(new ArrayList<>(r.getSpec().getRules()));
                        r.getSpec().getRules().forEach(rule -> {
                            if (rule.getBackendRefs() != null) {
                                rule.setBackendRefs(new ArrayList<>(rule.getBackendRefs()));
                            }
                        });
                    }
                    change.accept(r);
                    return r;
                }));
    }

    private HTTPRoute find(CanaryTarget target) {
        return KubeCalls.call("get HTTPRoute " + target.namespace() + "/" + spec.httpRoute(), () -> resource(target)
                .get());
    }

    private Resource<HTTPRoute> resource(CanaryTarget target) {
        return kube.resources(HTTPRoute.class).inNamespace(target.namespace()).withName(spec.httpRoute());
    }
}
