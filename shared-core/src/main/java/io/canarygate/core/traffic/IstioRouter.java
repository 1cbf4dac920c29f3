package io.canarygate.core.traffic;

import io.canarygate.core.CanaryGateException;
import io.canarygate.core.CanaryGateException.Kind;
import io.canarygate.core.kube.KubeCalls;
import io.canarygate.core.spec.RouterSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Istio weights ({@code traffic.router: istio}) on an existing {@code networking.istio.io/v1beta1} VirtualService, with
 * two Services rather than DestinationRule subsets: {@link #prepare} creates the canary Service
 * {@code <stableService>-canary} and adds a destination to it (weight 0) next to the stable one in every HTTP route
 * that sends traffic to the stable Service (or only in the route named {@code route}); {@link #setWeight} writes stable
 * {@code 100 - w}, canary {@code w}; {@link #remove} drops the canary destinations, leaves the stable one at 100 and
 * deletes the canary Service. A split route must send its traffic to the stable Service alone.
 *
 * <p>With a header route, an HTTP route named {@code canarygate-header-<rollout>} is inserted before the first split
 * route (Istio takes the first route that matches): the split route's matches plus an exact header match, sending to
 * the canary Service only. Istio wants header names in lower case, so the name is written in lower case.
 */
public final class IstioRouter implements TrafficRouter {
    static final ResourceDefinitionContext VIRTUAL_SERVICE = new ResourceDefinitionContext.Builder()
            .withGroup("networking.istio.io")
            .withVersion("v1beta1")
            .withKind("VirtualService")
            .withPlural("virtualservices")
            .withNamespaced(true)
            .build();

    private static final String FIELD = "traffic.istio";

    private final KubernetesClient kube;
    private final RouterSpec.Istio spec;
    private final CanaryServices services;

    public IstioRouter(KubernetesClient kube, RouterSpec.Istio spec) {
        this.kube = kube;
        this.spec = spec;
        this.services = new CanaryServices(kube);
    }

    @Override
    public String kind() {
        return "istio";
    }

    @Override
    public void check(CanaryTarget target) {
        splitRoutes(virtualService(target), target);
        services.requireStable(
                FIELD + ".stableService",
                target.namespace(),
                spec.stableService(),
                " (behind VirtualService \"" + spec.virtualService() + "\")",
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
        edit(target, vs -> {
            List<Map<String, Object>> split = splitRoutes(vs, target);
            for (Map<String, Object> route : split) {
                Map<String, Object> stableDest = destination(route, target, false);
                if (destination(route, target, true) == null) {
                    if (stableDest.get("weight") == null) {
                        stableDest.put("weight", 100);
                    }
                    destinations(route).add(canaryDestination(stableDest, target));
                }
            }
            spec.header().ifPresent(h -> {
                if (headerRoute(vs, target) == null) {
                    List<Map<String, Object>> http = http(vs);
                    http.add(http.indexOf(split.get(0)), headerRoute(split.get(0), h, target));
                }
            });
        });
    }

    @Override
    public void setWeight(CanaryTarget target, int weight) {
        GenericKubernetesResource vs = find(target);
        if (vs == null || !hasCanary(vs, target)) {
            if (weight == 0) {
                return;
            }
            prepare(target);
        }
        int w = Math.max(0, Math.min(100, weight));
        edit(target, v -> {
            for (Map<String, Object> route : splitRoutes(v, target)) {
                Map<String, Object> stable = destination(route, target, false);
                Map<String, Object> canary = destination(route, target, true);
                if (canary == null) {
                    canary = canaryDestination(stable, target);
                    destinations(route).add(canary);
                }
                stable.put("weight", 100 - w);
                canary.put("weight", w);
            }
        });
    }

    @Override
    public int weight(CanaryTarget target) {
        GenericKubernetesResource vs = find(target);
        if (vs == null) {
            return 0;
        }
        for (Map<String, Object> route : routes(vs, target)) {
            Map<String, Object> canary = destination(route, target, true);
            Map<String, Object> stable = destination(route, target, false);
            if (canary != null && stable != null) {
                int c = weightOf(canary);
                int s = weightOf(stable);
                return c + s == 0 ? 0 : (int) Math.round(100.0 * c / (c + s));
            }
        }
        return 0;
    }

    @Override
    public void remove(CanaryTarget target) {
        GenericKubernetesResource vs = find(target);
        if (vs != null && (hasCanary(vs, target) || headerRoute(vs, target) != null)) {
            edit(target, v -> {
                Map<String, Object> header = headerRoute(v, target);
                if (header != null) {
                    http(v).remove(header);
                }
                for (Map<String, Object> route : routes(v, target)) {
                    Map<String, Object> canary = destination(route, target, true);
                    if (canary != null) {
                        destinations(route).remove(canary);
                        Map<String, Object> stable = destination(route, target, false);
                        if (stable != null) {
                            stable.put("weight", 100);
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

    /** Name of the header route this rollout inserts. */
    static String headerRouteName(CanaryTarget target) {
        return "canarygate-header-" + target.rollout();
    }

    private GenericKubernetesResource virtualService(CanaryTarget target) {
        GenericKubernetesResource vs = find(target);
        if (vs == null) {
            throw new CanaryGateException(
                    Kind.INVALID_INPUT,
                    FIELD + ".virtualService: \"" + spec.virtualService() + "\" not found in namespace \""
                            + target.namespace() + "\"; name the VirtualService whose HTTP route sends traffic to the"
                            + " stable Service (kubectl get virtualservice -n " + target.namespace() + ")");
        }
        return vs;
    }

    /** The HTTP routes whose weights this router sets; fails INVALID_INPUT when there is none or one is shared. */
    private List<Map<String, Object>> splitRoutes(GenericKubernetesResource vs, CanaryTarget target) {
        List<Map<String, Object>> routes = routes(vs, target);
        List<Map<String, Object>> split = new ArrayList<>();
        if (spec.route().isPresent()) {
            String name = spec.route().get();
            Map<String, Object> named = routes.stream()
                    .filter(r -> name.equals(r.get("name")))
                    .findFirst()
                    .orElseThrow(() -> new CanaryGateException(
                            Kind.INVALID_INPUT,
                            FIELD + ".route: VirtualService \"" + spec.virtualService()
                                    + "\" has no HTTP route named \""
                                    + name + "\"; its routes are named " + routeNames(routes)
                                    + ", or leave route out to split every route that sends traffic to "
                                    + spec.stableService()));
            if (destination(named, target, false) == null) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".route: HTTP route \"" + name + "\" of VirtualService \"" + spec.virtualService()
                                + "\" does not send traffic to service \"" + spec.stableService()
                                + "\"; name the route that does, or fix stableService");
            }
            split.add(named);
        } else {
            for (Map<String, Object> r : routes) {
                if (destination(r, target, false) != null) {
                    split.add(r);
                }
            }
            if (split.isEmpty()) {
                throw new CanaryGateException(
                        Kind.INVALID_INPUT,
                        FIELD + ".stableService: VirtualService \"" + spec.virtualService() + "\" in namespace \""
                                + target.namespace() + "\" has no HTTP route with a destination host of service \""
                                + spec.stableService() + "\"; name the Service the route sends traffic to");
            }
        }
        for (Map<String, Object> r : split) {
            for (Map<String, Object> d : destinations(r)) {
                String host = host(d);
                if (!isHost(host, spec.stableService(), target) && !isHost(host, canaryService(), target)) {
                    throw new CanaryGateException(
                            Kind.INVALID_INPUT,
                            FIELD + ".virtualService: HTTP route " + describe(r, routes) + " of VirtualService \""
                                    + spec.virtualService() + "\" also sends traffic to \"" + host + "\"; Canary Gate"
                                    + " splits a route between the stable Service and its canary only: give the other"
                                    + " destination a route of its own, or pick a route with traffic.istio.route");
                }
            }
        }
        return split;
    }

    private static String describe(Map<String, Object> route, List<Map<String, Object>> routes) {
        Object name = route.get("name");
        return name != null ? "\"" + name + "\"" : String.valueOf(routes.indexOf(route));
    }

    private static String routeNames(List<Map<String, Object>> routes) {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> r : routes) {
            if (r.get("name") != null) {
                names.add(String.valueOf(r.get("name")));
            }
        }
        return names.isEmpty() ? "(none: give the route a name)" : String.join(", ", names);
    }

    /** The HTTP routes without this rollout's header route. */
    private List<Map<String, Object>> routes(GenericKubernetesResource vs, CanaryTarget target) {
        Map<String, Object> header = headerRoute(vs, target);
        return http(vs).stream().filter(r -> r != header).toList();
    }

    private Map<String, Object> headerRoute(GenericKubernetesResource vs, CanaryTarget target) {
        String name = headerRouteName(target);
        return http(vs).stream()
                .filter(r -> name.equals(r.get("name")))
                .findFirst()
                .orElse(null);
    }

    private boolean hasCanary(GenericKubernetesResource vs, CanaryTarget target) {
        return routes(vs, target).stream().anyMatch(r -> destination(r, target, true) != null);
    }

    private Map<String, Object> headerRoute(
            Map<String, Object> split, RouterSpec.HeaderRoute header, CanaryTarget target) {
        Map<String, Object> route = new LinkedHashMap<>();
        route.put("name", headerRouteName(target));
        List<Object> matches = new ArrayList<>();
        Object original = split.get("match");
        List<?> originals = original instanceof List<?> l && !l.isEmpty() ? l : List.of(Map.of());
        for (Object m : originals) {
            Map<String, Object> match = deepCopy(m);
            Map<String, Object> headers =
                    match.get("headers") instanceof Map<?, ?> h ? new LinkedHashMap<>(asMap(h)) : new LinkedHashMap<>();
            headers.put(header.name().toLowerCase(Locale.ROOT), Map.of("exact", header.value()));
            match.put("headers", headers);
            matches.add(match);
        }
        route.put("match", matches);
        Map<String, Object> canary = canaryDestination(destination(split, target, false), target);
        canary.remove("weight");
        route.put("route", new ArrayList<>(List.of(canary)));
        return route;
    }

    private Map<String, Object> canaryDestination(Map<String, Object> stable, CanaryTarget target) {
        Map<String, Object> copy = deepCopy(stable);
        Map<String, Object> destination = asMap(copy.get("destination"));
        destination.put("host", canaryHost(host(stable)));
        destination.remove("subset");
        copy.put("weight", 0);
        return copy;
    }

    /** {@code checkout.shop.svc.cluster.local} → {@code checkout-canary.shop.svc.cluster.local}. */
    private String canaryHost(String stableHost) {
        return canaryService() + stableHost.substring(spec.stableService().length());
    }

    private Map<String, Object> destination(Map<String, Object> route, CanaryTarget target, boolean canary) {
        String service = canary ? canaryService() : spec.stableService();
        for (Map<String, Object> d : destinations(route)) {
            if (isHost(host(d), service, target)) {
                return d;
            }
        }
        return null;
    }

    /** Whether {@code host} names Service {@code service} in the target namespace, short or fully qualified. */
    private static boolean isHost(String host, String service, CanaryTarget target) {
        if (host == null) {
            return false;
        }
        String ns = target.namespace();
        return host.equals(service)
                || host.equals(service + "." + ns)
                || host.equals(service + "." + ns + ".svc")
                || host.startsWith(service + "." + ns + ".svc.");
    }

    private String canaryService() {
        return CanaryServices.canaryName(spec.stableService());
    }

    private static String host(Map<String, Object> destinationEntry) {
        Object d = destinationEntry.get("destination");
        return d instanceof Map<?, ?> m && m.get("host") instanceof String h ? h : null;
    }

    private static int weightOf(Map<String, Object> destinationEntry) {
        return destinationEntry.get("weight") instanceof Number n ? n.intValue() : 0;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> destinations(Map<String, Object> route) {
        Object r = route.get("route");
        if (r instanceof List<?> list) {
            return (List<Map<String, Object>>) list;
        }
        List<Map<String, Object>> fresh = new ArrayList<>();
        route.put("route", fresh);
        return fresh;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> http(GenericKubernetesResource vs) {
        Object spec = vs.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> m && m.get("http") instanceof List<?> http) {
            return (List<Map<String, Object>>) http;
        }
        return new ArrayList<>();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o) {
        return (Map<String, Object>) o;
    }

    private Map<String, Object> deepCopy(Object o) {
        var serialization = kube.getKubernetesSerialization();
        return asMap(serialization.unmarshal(serialization.asJson(o), Map.class));
    }

    private void edit(CanaryTarget target, Consumer<GenericKubernetesResource> change) {
        KubeCalls.edit(
                "update VirtualService " + target.namespace() + "/" + spec.virtualService(),
                () -> resource(target).edit(vs -> {
                    change.accept(vs);
                    return vs;
                }));
    }

    private GenericKubernetesResource find(CanaryTarget target) {
        return KubeCalls.call(
                "get VirtualService " + target.namespace() + "/" + spec.virtualService(),
                () -> resource(target).get());
    }

    private Resource<GenericKubernetesResource> resource(CanaryTarget target) {
        return kube.genericKubernetesResources(VIRTUAL_SERVICE)
                .inNamespace(target.namespace())
                .withName(spec.virtualService());
    }
}
