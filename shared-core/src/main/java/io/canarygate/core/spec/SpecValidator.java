package io.canarygate.core.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.canarygate.core.Durations;
import io.canarygate.core.analysis.BreachAction;
import io.canarygate.core.analysis.Comparison;
import io.canarygate.core.analysis.Measurement;
import io.canarygate.core.analysis.NoDataPolicy;
import io.canarygate.core.analysis.Objective;
import io.canarygate.core.spec.NotifySpec.NotifyEvent;
import io.canarygate.core.spec.SpecFields.Type;
import io.canarygate.core.spec.SpecReader.Obj;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Checks a parsed canary.yaml in one pass and builds the {@link RolloutSpec}. Nothing stops at the first problem: every
 * section is read, every problem collected, and the spec is built only when there is none.
 */
final class SpecValidator {
    static final int MAX_NAME_LENGTH = 50;

    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN =
            Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern OBJECTIVE_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    /** A label key's name part; the key may add a DNS subdomain prefix and '/'. */
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");

    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
    private static final String IMAGE_COMPONENT = "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*";
    private static final String DOMAIN_COMPONENT = "(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])";
    private static final Pattern IMAGE = Pattern.compile("(?:" + DOMAIN_COMPONENT + "(?:\\." + DOMAIN_COMPONENT
            + ")*(?::[0-9]+)?/)?" + IMAGE_COMPONENT + "(?:/" + IMAGE_COMPONENT + ")*"
            + "(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?");

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    private static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private static final String IMAGE_FIX =
            "write an image reference such as ghcr.io/acme/checkout:1.4.0 (lower-case repository, optional :tag or"
                    + " @sha256:digest)";

    /** Top-level fields in document order: errors are reported in this order. */
    private static final List<String> SECTIONS = SpecFields.children("");
    /** The names a query may use as {@code ${name}}: see {@link #expand}. */
    static final Set<String> QUERY_VARIABLES = Set.of("namespace", "deployment", "rollout");

    private final SpecReader r = new SpecReader();
    /** What {@code ${name}} in a query stands for; empty while the target has errors (they are reported already). */
    private Map<String, String> variables = Map.of();

    /** The spec, or the errors found (never both). */
    record Result(RolloutSpec spec, List<SpecError> errors) {}

    static Result validate(JsonNode root) {
        SpecValidator v = new SpecValidator();
        RolloutSpec spec = v.run(root);
        List<SpecError> errors = new ArrayList<>(v.r.errors());
        // Unknown fields are found in a first walk; report every error in the order of the file's sections.
        errors.sort(Comparator.comparingInt(e -> section(e.path())));
        return new Result(errors.isEmpty() ? spec : null, List.copyOf(errors));
    }

    private static int section(String path) {
        int end = path.length();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '.' || c == '[') {
                end = i;
                break;
            }
        }
        int i = SECTIONS.indexOf(path.substring(0, end));
        return i < 0 ? SECTIONS.size() : i;
    }

    private RolloutSpec run(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            root = JsonNodeFactory.instance.objectNode();
        }
        if (!root.isObject()) {
            r.error(
                    "(top level)",
                    SpecReader.shown(root),
                    "is not a mapping",
                    "canary.yaml holds fields such as name, target, traffic, objectives and steps; see"
                            + " docs/canary-yaml.md");
            return null;
        }
        r.checkUnknownFields(root, "", "");
        Obj top = r.new Obj((ObjectNode) root, "", "");

        TargetSpec target = target(top);
        String name = name(top, target);
        if (target != null && name != null) {
            variables = Map.of("namespace", target.namespace(), "deployment", target.deployment(), "rollout", name);
        }
        Duration readyTimeout = top.duration("readyTimeout", Duration.ofSeconds(1), RolloutSpec.DEFAULT_READY_TIMEOUT);
        RouterSpec traffic = traffic(top);
        Optional<MetricsSpec> metrics = metrics(top);
        List<Objective> objectives = objectives(top);
        if (objectives != null && !objectives.isEmpty() && !top.written("metrics")) {
            r.error(
                    "metrics",
                    null,
                    "",
                    "objectives are measured by a metric source; add metrics: {prometheus: {url:"
                            + " http://prometheus.monitoring:9090}}");
        }
        List<StepSpec> steps = steps(top, traffic, objectives);
        RollbackSpec rollback = rollback(top);
        List<NotifySpec> notifications = notifications(top);
        if (traffic instanceof RouterSpec.ArgoRollout) {
            argoRolloutLimits(target, objectives);
        }

        if (!r.errors().isEmpty()) {
            return null;
        }
        if (Arrays.asList(name, target, readyTimeout, traffic, objectives, steps, rollback, notifications)
                        .contains(null)
                || steps.size() != top.node.path("steps").size()
                || objectives.size() != top.node.path("objectives").size()
                || notifications.size() != top.node.path("notify").size()) {
            // A part was dropped without an error: a bug here, never something to hand to the engine.
            throw new IllegalStateException("canary.yaml was read incompletely without an error");
        }
        return new RolloutSpec(
                name, target, traffic, metrics, objectives, steps, rollback, notifications, readyTimeout);
    }

    // ---------------------------------------------------------------- target and name

    private TargetSpec target(Obj top) {
        Obj t = top.object(
                "target",
                "name the stable Deployment and the new image, e.g. target: {deployment: checkout, image:"
                        + " ghcr.io/acme/checkout:1.4.0}");
        if (t == null) {
            return null;
        }
        int before = r.errorCount();
        String namespace = t.written("namespace") ? t.string("namespace", null) : "default";
        if (namespace != null && !isDnsLabel(namespace, 63)) {
            r.error(
                    t.at("namespace"),
                    namespace,
                    "is not a namespace name",
                    "use lower-case letters, digits and '-', at most 63 characters, e.g. shop");
        }
        String deployment = t.string("deployment", "name the stable Deployment, e.g. deployment: checkout");
        if (deployment != null && !isDnsSubdomain(deployment)) {
            r.error(
                    t.at("deployment"),
                    deployment,
                    "is not a Deployment name",
                    "use lower-case letters, digits, '-' and '.', e.g. checkout");
        }
        List<TargetSpec.ContainerImage> images = images(t);
        Map<String, String> canaryLabels = canaryLabels(t);
        if (r.errorCount() != before) {
            return null;
        }
        return new TargetSpec(namespace, deployment, images, canaryLabels);
    }

    private Map<String, String> canaryLabels(Obj t) {
        ObjectNode m = t.map("canaryLabels", Type.STRING_MAP);
        if (m == null) {
            return t.written("canaryLabels") ? null : Map.of();
        }
        int before = r.errorCount();
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = m.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            String path = t.at("canaryLabels") + "." + key;
            if (!isLabelKey(key)) {
                r.error(
                        path,
                        key,
                        "is not a label key",
                        "use letters, digits, '-', '_' and '.' (at most 63, starting and ending with a letter or"
                                + " digit), optionally after a DNS prefix and '/', e.g. track");
                continue;
            }
            if (key.startsWith("canarygate.io/") || key.equals("pod-template-hash")) {
                r.error(
                        path,
                        key,
                        "is set by " + (key.equals("pod-template-hash") ? "Kubernetes" : "Canary Gate") + " itself",
                        "choose a label of your own, e.g. track: canary");
                continue;
            }
            JsonNode v = e.getValue();
            String value = v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
            if (value == null
                    || !(value.isEmpty()
                            || (value.length() <= 63
                                    && LABEL_NAME.matcher(value).matches()))) {
                r.error(
                        path,
                        SpecReader.shown(v),
                        "is not a label value",
                        "use at most 63 letters, digits, '-', '_' and '.', starting and ending with a letter or digit,"
                                + " e.g. canary");
                continue;
            }
            out.put(key, value);
        }
        return r.errorCount() == before ? out : null;
    }

    private static boolean isLabelKey(String key) {
        int slash = key.indexOf('/');
        String name = slash < 0 ? key : key.substring(slash + 1);
        if (slash >= 0) {
            String prefix = key.substring(0, slash);
            if (prefix.isEmpty() || !isDnsSubdomain(prefix)) {
                return false;
            }
        }
        return name.length() <= 63 && LABEL_NAME.matcher(name).matches();
    }

    private List<TargetSpec.ContainerImage> images(Obj t) {
        boolean single = t.written("image");
        boolean multi = t.written("images");
        if (single && multi) {
            r.error(
                    t.at("images"),
                    null,
                    "cannot be used together with target.image",
                    "write target.image for a single-container Deployment, or target.images with one entry per"
                            + " container, not both");
            return null;
        }
        if (!single && !multi) {
            r.error(
                    t.at("image"),
                    null,
                    "",
                    "write the canary's new image, e.g. image: ghcr.io/acme/checkout:1.4.0 (or images: [{container:"
                            + " app, image: ...}] per container)");
            return null;
        }
        if (single) {
            String image = t.string("image", null);
            return image != null && checkImage(t.at("image"), image)
                    ? List.of(new TargetSpec.ContainerImage(null, image))
                    : null;
        }
        List<JsonNode> list = t.list("images", "images: [{container: app, image: ghcr.io/acme/checkout:1.4.0}]");
        if (list == null) {
            return null;
        }
        if (list.isEmpty()) {
            r.error(
                    t.at("images"),
                    "[]",
                    "is empty",
                    "list one entry per container to update, e.g. images: [{container: app, image:"
                            + " ghcr.io/acme/checkout:1.4.0}]");
            return null;
        }
        int before = r.errorCount();
        List<TargetSpec.ContainerImage> out = new ArrayList<>();
        Map<String, String> seen = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Obj e = t.element("images", i, list.get(i), "{container: app, image: ghcr.io/acme/checkout:1.4.0}");
            if (e == null) {
                continue;
            }
            String container = e.string(
                    "container",
                    list.size() > 1 ? "with several images, name the container of each, e.g. container: app" : null);
            if (container != null) {
                if (!isDnsLabel(container, 63)) {
                    r.error(
                            e.at("container"),
                            container,
                            "is not a container name",
                            "use lower-case letters, digits and '-', e.g. app");
                } else if (seen.containsKey(container)) {
                    r.error(
                            e.at("container"),
                            container,
                            "is listed twice (also " + seen.get(container) + ")",
                            "give each container one image");
                } else {
                    seen.put(container, e.at("container"));
                }
            }
            String image = e.string("image", "write the container's new image, e.g. image: ghcr.io/acme/app:1.4.0");
            if (image != null) {
                checkImage(e.at("image"), image);
            }
            out.add(new TargetSpec.ContainerImage(container, image));
        }
        return r.errorCount() == before ? out : null;
    }

    private boolean checkImage(String path, String image) {
        if (image.length() > 512 || !IMAGE.matcher(image).matches()) {
            r.error(path, image, "is not an image reference", IMAGE_FIX);
            return false;
        }
        return true;
    }

    private String name(Obj top, TargetSpec target) {
        if (top.written("name")) {
            String name = top.string("name", null);
            if (name == null) {
                return null;
            }
            if (!isDnsLabel(name, MAX_NAME_LENGTH)) {
                r.error(
                        "name",
                        name,
                        name.length() > MAX_NAME_LENGTH
                                ? "is longer than " + MAX_NAME_LENGTH + " characters"
                                : "is not a valid rollout name",
                        "use lower-case letters, digits and '-' (a DNS-1123 label of at most " + MAX_NAME_LENGTH
                                + " characters), starting and ending with a letter or digit, e.g. checkout");
            }
            return name;
        }
        if (target == null) {
            return null;
        }
        if (!isDnsLabel(target.deployment(), MAX_NAME_LENGTH)) {
            r.error(
                    "name",
                    null,
                    "",
                    "the rollout name defaults to target.deployment, but \"" + target.deployment()
                            + "\" is not a DNS-1123 label of at most " + MAX_NAME_LENGTH
                            + " characters; set name, e.g. name: checkout");
            return null;
        }
        return target.deployment();
    }

    // ---------------------------------------------------------------- traffic

    /** Every router kind, as users write it in {@code traffic.router}. */
    static final List<String> ROUTERS =
            List.of("replicas", "nginx", "gateway-api", "smi", "istio", "argo-rollout", "feature-flag");

    /** The settings block each router reads ({@code traffic.nginx}); {@code replicas} has none. */
    private static final Map<String, String> ROUTER_BLOCKS = Map.of(
            "nginx", "nginx",
            "gateway-api", "gatewayApi",
            "smi", "smi",
            "istio", "istio",
            "argo-rollout", "argoRollout",
            "feature-flag", "featureFlag");

    private RouterSpec traffic(Obj top) {
        if (!top.written("traffic")) {
            return new RouterSpec.ReplicaRatio();
        }
        Obj t = top.object("traffic", null);
        if (t == null) {
            return null;
        }
        String router = t.written("router") ? t.string("router", null) : "replicas";
        if (router == null) {
            return null;
        }
        if (!ROUTERS.contains(router)) {
            r.error(
                    t.at("router"),
                    router,
                    "is not a traffic router",
                    hint(router, ROUTERS) + "write one of " + String.join(", ", ROUTERS));
            return null;
        }
        int before = r.errorCount();
        for (String kind : ROUTERS) {
            String block = ROUTER_BLOCKS.get(kind);
            if (block != null && !kind.equals(router) && t.has(block)) {
                r.error(
                        t.at(block),
                        null,
                        "is only read with traffic.router " + kind,
                        "set router: " + kind + ", or remove traffic." + block);
            }
        }
        if (r.errorCount() != before) {
            return null;
        }
        return switch (router) {
            case "nginx" -> nginx(t);
            case "gateway-api" -> gatewayApi(t);
            case "smi" -> smi(t);
            case "istio" -> istio(t);
            case "argo-rollout" -> argoRollout(t);
            case "feature-flag" -> featureFlag(t);
            default -> new RouterSpec.ReplicaRatio();
        };
    }

    private RouterSpec nginx(Obj t) {
        Obj n = t.object(
                "nginx",
                "router nginx needs the stable Ingress: write traffic.nginx: {ingress: checkout}, or use router"
                        + " replicas");
        if (n == null) {
            return null;
        }
        int before = r.errorCount();
        String ingress = n.string("ingress", "name the stable Ingress, e.g. ingress: checkout");
        if (ingress != null && !isDnsSubdomain(ingress)) {
            r.error(n.at("ingress"), ingress, "is not an Ingress name", "use lower-case letters, digits, '-' and '.'");
        }
        Optional<RouterSpec.HeaderRoute> header = header(n);
        return r.errorCount() == before ? new RouterSpec.NginxIngress(ingress, header) : null;
    }

    private RouterSpec gatewayApi(Obj t) {
        Obj g = t.object(
                "gatewayApi",
                "router gateway-api needs the HTTPRoute and the stable Service: write traffic.gatewayApi: {httpRoute:"
                        + " checkout, stableService: checkout}");
        if (g == null) {
            return null;
        }
        int before = r.errorCount();
        String route = objectName(
                g, "httpRoute", "HTTPRoute", "name the HTTPRoute whose rule sends traffic to the stable Service");
        Integer rule = g.integer("rule", 0, 1000, null, "0");
        String service = serviceName(g, "stableService", "name the Service that selects the stable pods");
        Optional<RouterSpec.HeaderRoute> header = header(g);
        return r.errorCount() == before
                ? new RouterSpec.GatewayApi(route, Optional.ofNullable(rule), service, header)
                : null;
    }

    private RouterSpec smi(Obj t) {
        Obj m = t.object(
                "smi",
                "router smi needs the root Service: write traffic.smi: {service: checkout}, or use router replicas");
        if (m == null) {
            return null;
        }
        int before = r.errorCount();
        String service = serviceName(m, "service", "name the root Service clients call");
        String stable = m.written("stableService")
                ? serviceName(m, "stableService", "name the Service that selects the stable pods")
                : service;
        return r.errorCount() == before ? new RouterSpec.Smi(service, stable) : null;
    }

    private RouterSpec istio(Obj t) {
        Obj i = t.object(
                "istio",
                "router istio needs the VirtualService and the stable Service: write traffic.istio: {virtualService:"
                        + " checkout, stableService: checkout}");
        if (i == null) {
            return null;
        }
        int before = r.errorCount();
        String vs = objectName(
                i,
                "virtualService",
                "VirtualService",
                "name the VirtualService whose HTTP route sends traffic to the stable Service");
        String route = i.string("route", null);
        String service = serviceName(i, "stableService", "name the destination Service that selects the stable pods");
        Optional<RouterSpec.HeaderRoute> header = header(i);
        return r.errorCount() == before ? new RouterSpec.Istio(vs, Optional.ofNullable(route), service, header) : null;
    }

    private RouterSpec argoRollout(Obj t) {
        Obj a = t.object(
                "argoRollout", "router argo-rollout needs the Rollout: write traffic.argoRollout: {rollout: checkout}");
        if (a == null) {
            return null;
        }
        String rollout = objectName(a, "rollout", "Rollout", "name the Argo Rollout to drive");
        return rollout == null ? null : new RouterSpec.ArgoRollout(rollout);
    }

    private RouterSpec featureFlag(Obj t) {
        Obj f = t.object(
                "featureFlag",
                "router feature-flag needs the flag service: write traffic.featureFlag: {url:"
                        + " https://flags.example.com/api/flags/{flag}, flag: new-checkout}");
        if (f == null) {
            return null;
        }
        int before = r.errorCount();
        String url = flagUrl(
                f, "url", "write where the percentage is sent, e.g. url: https://flags.example.com/api/flags/{flag}");
        String method = f.written("method") ? f.string("method", null) : "PUT";
        if (method != null && !List.of("PUT", "POST", "PATCH").contains(method)) {
            r.error(
                    f.at("method"),
                    method,
                    "is not allowed",
                    hint(method.toUpperCase(Locale.ROOT), List.of("PUT", "POST", "PATCH"))
                            + "write one of PUT, POST, PATCH (upper case)");
        }
        String flag = f.string("flag", "name the flag whose percentage is the canary weight, e.g. flag: new-checkout");
        SecretRef token = f.secret("token", false, "FLAG_TOKEN");
        boolean tokenOk = token != null || !f.written("token");
        String readUrl = f.written("readUrl") ? flagUrl(f, "readUrl", null) : null;
        if (r.errorCount() != before || !tokenOk) {
            return null;
        }
        return new RouterSpec.FeatureFlag(url, method, flag, Optional.ofNullable(token), Optional.ofNullable(readUrl));
    }

    /** An absolute http(s) URL without credentials; {@code {weight}} and {@code {flag}} may appear anywhere. */
    private String flagUrl(Obj f, String key, String missingFix) {
        String text = f.string(key, missingFix);
        if (text == null) {
            return null;
        }
        String fix = "write an absolute http(s) URL, e.g. https://flags.example.com/api/flags/{flag}; {weight} and"
                + " {flag} are replaced";
        URI uri;
        try {
            uri = new URI(text.strip().replace("{weight}", "0").replace("{flag}", "flag"));
        } catch (URISyntaxException e) {
            r.error(f.at(key), redactUrl(text), "is not a URL", fix);
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            r.error(f.at(key), redactUrl(text), "is not an absolute http(s) URL", fix);
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            r.error(
                    f.at(key),
                    redactUrl(text),
                    "carries credentials",
                    "credentials never belong in a URL; name the token with traffic.featureFlag.token: {env:"
                            + " FLAG_TOKEN}");
            return null;
        }
        return text.strip();
    }

    /** A required Kubernetes object name (DNS-1123 subdomain). */
    private String objectName(Obj o, String key, String kind, String missing) {
        String name = o.string(key, missing + ", e.g. " + key + ": checkout");
        if (name != null && !isDnsSubdomain(name)) {
            r.error(
                    o.at(key),
                    name,
                    "is not " + article(kind) + " name",
                    "use lower-case letters, digits, '-' and '.'");
            return null;
        }
        return name;
    }

    /** A required Service name (DNS-1035 label). */
    private String serviceName(Obj o, String key, String missing) {
        String name = o.string(key, missing + ", e.g. " + key + ": checkout");
        if (name != null && !(isDnsLabel(name, 63) && Character.isLetter(name.charAt(0)))) {
            r.error(
                    o.at(key),
                    name,
                    "is not a Service name",
                    "use lower-case letters, digits and '-', starting with a letter, e.g. checkout");
            return null;
        }
        return name;
    }

    private static String article(String kind) {
        return ("AEIOU".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
    }

    /** An optional {@code header: {name, value}} route in a router block. */
    private Optional<RouterSpec.HeaderRoute> header(Obj block) {
        Obj h = block.object("header", null);
        if (h == null) {
            return Optional.empty();
        }
        String hn = h.string("name", "name the header that selects the canary, e.g. name: X-Canary");
        if (hn != null && !HEADER_NAME.matcher(hn).matches()) {
            r.error(h.at("name"), hn, "is not a header name", "use letters, digits and '-', e.g. X-Canary");
            return Optional.empty();
        }
        String hv = h.string("value", "give the header value that selects the canary, e.g. value: always");
        return hn != null && hv != null ? Optional.of(new RouterSpec.HeaderRoute(hn, hv)) : Optional.empty();
    }

    // ---------------------------------------------------------------- metrics

    private Optional<MetricsSpec> metrics(Obj top) {
        Obj m = top.object("metrics", null);
        if (m == null) {
            return Optional.empty();
        }
        Obj p = m.object("prometheus", "say where to query, e.g. prometheus: {url: http://prometheus.monitoring:9090}");
        if (p == null) {
            return Optional.empty();
        }
        int before = r.errorCount();
        URI url = prometheusUrl(p);
        MetricsSpec.Auth auth = auth(p);
        Map<String, String> headers = headers(p);
        MetricsSpec.Tls tls = tls(p);
        Duration connectTimeout =
                p.duration("connectTimeout", Duration.ofMillis(1), MetricsSpec.Prometheus.DEFAULT_CONNECT_TIMEOUT);
        Duration timeout = p.duration("timeout", Duration.ofMillis(1), MetricsSpec.Prometheus.DEFAULT_TIMEOUT);
        Integer retries = p.integer("retries", 0, 10, MetricsSpec.Prometheus.DEFAULT_RETRIES, "3");
        Duration retryBackoff = p.duration("retryBackoff", Duration.ZERO, MetricsSpec.Prometheus.DEFAULT_RETRY_BACKOFF);
        if (r.errorCount() != before) {
            return Optional.empty();
        }
        return Optional.of(
                new MetricsSpec.Prometheus(url, auth, headers, tls, connectTimeout, timeout, retries, retryBackoff));
    }

    private URI prometheusUrl(Obj p) {
        String text = p.string("url", "write the Prometheus base URL, e.g. url: http://prometheus.monitoring:9090");
        if (text == null) {
            return null;
        }
        String fix = "write an absolute http(s) URL, e.g. http://prometheus.monitoring:9090";
        URI uri;
        try {
            uri = new URI(text.strip());
        } catch (URISyntaxException e) {
            r.error(p.at("url"), redactUrl(text), "is not a URL", fix);
            return null;
        }
        if (uri.getRawUserInfo() != null) {
            r.error(
                    p.at("url"),
                    redactUrl(text),
                    "carries credentials",
                    "credentials never belong in a URL; use metrics.prometheus.auth.basic with a password reference");
            return null;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || !(scheme.equals("http") || scheme.equals("https"))) {
            r.error(p.at("url"), redactUrl(text), "is not an http(s) URL", fix);
            return null;
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) {
            r.error(p.at("url"), redactUrl(text), "has no host", fix);
            return null;
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            r.error(
                    p.at("url"),
                    redactUrl(text),
                    "has a query or fragment",
                    "write the base URL only, e.g. http://prometheus.monitoring:9090");
            return null;
        }
        return uri;
    }

    private MetricsSpec.Auth auth(Obj p) {
        Obj a = p.object("auth", null);
        if (a == null) {
            return p.written("auth") ? null : new MetricsSpec.Auth.None();
        }
        boolean bearer = a.has("bearer");
        boolean basic = a.has("basic");
        if (bearer && basic) {
            r.error(a.path, null, "names both bearer and basic", "keep one authentication method");
            return null;
        }
        if (bearer) {
            SecretRef token = a.secret("bearer", true, "PROM_TOKEN");
            return token == null ? null : new MetricsSpec.Auth.Bearer(token);
        }
        if (basic) {
            Obj b = a.object("basic", "write basic: {username: u, password: {env: PROM_PASSWORD}}");
            if (b == null) {
                return null;
            }
            String username = b.string("username", "write the user name, e.g. username: canary-gate");
            SecretRef password = b.secret("password", true, "PROM_PASSWORD");
            return username == null || password == null ? null : new MetricsSpec.Auth.Basic(username, password);
        }
        r.error(
                a.path,
                null,
                "names no method",
                "write auth: {bearer: {env: PROM_TOKEN}} or auth: {basic: {username: u, password: {env:"
                        + " PROM_PASSWORD}}}, or leave auth out");
        return null;
    }

    private Map<String, String> headers(Obj p) {
        ObjectNode h = p.map("headers", Type.STRING_MAP);
        if (h == null) {
            return p.written("headers") ? null : Map.of();
        }
        int before = r.errorCount();
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = h.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = p.at("headers") + "." + e.getKey();
            if (e.getKey().equalsIgnoreCase("Authorization") || e.getKey().equalsIgnoreCase("Proxy-Authorization")) {
                r.error(
                        path,
                        SpecError.HIDDEN,
                        "is a credential and headers are not secret",
                        "use auth.bearer: {env: PROM_TOKEN} (or auth.basic) instead of an " + e.getKey() + " header");
                continue;
            }
            if (!HEADER_NAME.matcher(e.getKey()).matches()) {
                r.error(path, e.getKey(), "is not a header name", "use letters, digits and '-', e.g. X-Scope-OrgID");
                continue;
            }
            JsonNode v = e.getValue();
            if (v == null || v.isNull() || v.isContainerNode() || v.asText().isBlank()) {
                r.error(path, SpecReader.shown(v), "is not a header value", "write the value as text, e.g. team-a");
                continue;
            }
            out.put(e.getKey(), v.asText());
        }
        return r.errorCount() == before ? out : null;
    }

    private MetricsSpec.Tls tls(Obj p) {
        Obj t = p.object("tls", null);
        if (t == null) {
            return p.written("tls") ? null : MetricsSpec.Tls.DEFAULT;
        }
        String caFile = t.string("caFile", null);
        Boolean insecure = t.bool("insecureSkipVerify", false);
        if ((caFile == null && t.written("caFile")) || insecure == null) {
            return null;
        }
        return new MetricsSpec.Tls(Optional.ofNullable(caFile), insecure);
    }

    // ---------------------------------------------------------------- objectives

    private List<Objective> objectives(Obj top) {
        List<JsonNode> list = top.list(
                "objectives", "objectives: [{name: success-rate, query: ..., op: \">=\"," + " threshold: 0.995}]");
        if (list == null) {
            return null;
        }
        int before = r.errorCount();
        List<Objective> out = new ArrayList<>();
        Map<String, String> names = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            Obj o = top.element(
                    "objectives",
                    i,
                    list.get(i),
                    "{name: success-rate, query: ..., op: \">=\"," + " threshold: 0.995}");
            if (o == null) {
                continue;
            }
            Objective objective = objective(o, names);
            if (objective != null) {
                out.add(objective);
            }
        }
        return r.errorCount() == before ? out : null;
    }

    private Objective objective(Obj o, Map<String, String> names) {
        int before = r.errorCount();
        String name = o.string("name", "name the objective, e.g. name: success-rate");
        if (name != null) {
            if (!OBJECTIVE_NAME.matcher(name).matches()) {
                r.error(
                        o.at("name"),
                        name,
                        "is not a valid objective name",
                        "use lower-case letters, digits and '-' ([a-z0-9-]), e.g. success-rate");
            } else if (names.containsKey(name)) {
                r.error(
                        o.at("name"),
                        name,
                        "is declared twice (also " + names.get(name) + ")",
                        "give each objective its own name");
            } else {
                names.put(name, o.at("name"));
            }
        }
        String query = expand(
                o,
                "query",
                o.string("query", "write the PromQL to judge, e.g. query: sum(rate(...)) / sum(rate(...))"));
        Comparison op = null;
        String opText = o.string("op", "say how the value compares with the threshold: op: \">=\" (or <, <=, >)");
        if (opText != null) {
            op = Comparison.fromSymbol(opText.strip()).orElse(null);
            if (op == null) {
                r.error(
                        o.at("op"),
                        opText,
                        "is not a comparison",
                        "write one of <, <=, >, >= (quote it in YAML: op: \">=\")");
            }
        }
        Double threshold =
                o.number("threshold", "write the bound the value must respect, e.g. threshold: 0.99", "0.99");
        Integer consecutive = o.integer("consecutive", 1, Integer.MAX_VALUE, Objective.DEFAULT_CONSECUTIVE_LIMIT, "3");
        Integer total = o.integer("total", 1, Integer.MAX_VALUE, null, "5");
        if (total != null && consecutive != null && total < consecutive) {
            r.error(
                    o.at("total"),
                    String.valueOf(total),
                    "is less than consecutive (" + consecutive + ")",
                    "total counts every breach, consecutive or not, so it must be at least consecutive; raise it"
                            + " or leave it out");
        }
        Optional<Objective.Evidence> evidence = Optional.empty();
        Obj e = o.object("minEvidence", null);
        if (e != null) {
            String eq = expand(
                    e,
                    "query",
                    e.string("query", "write the count to check, e.g. query: sum(increase(http_requests_total[5m]))"));
            Double min = e.number("min", "write the minimum the count must reach, e.g. min: 100", "100");
            if (min != null && min < 0) {
                r.error(e.at("min"), e.node.get("min").asText(), "is negative", "write 0 or more, e.g. 100");
            } else if (eq != null && min != null) {
                evidence = Optional.of(new Objective.Evidence(eq, min));
            }
        }
        NoDataPolicy noData = choice(o, "noData", NoDataPolicy.INCONCLUSIVE, NoDataPolicy.values(), NoDataPolicy::id);
        Integer inconclusiveLimit = o.integer("inconclusiveLimit", 0, Integer.MAX_VALUE, null, "3");
        BreachAction onBreach = choice(o, "onBreach", BreachAction.ROLLBACK, BreachAction.values(), BreachAction::id);
        Optional<Objective.Baseline> baseline = baseline(o, op, threshold);
        if (r.errorCount() != before) {
            return null;
        }
        return new Objective(
                name,
                query,
                op,
                threshold,
                consecutive,
                Optional.ofNullable(total),
                evidence,
                noData,
                Optional.ofNullable(inconclusiveLimit),
                onBreach,
                baseline);
    }

    /**
     * What an Argo Rollout does not do: Argo labels its canary pods itself ({@code rollouts-pod-template-hash}), and
     * an abort sends every request back to stable at once, so there is no gradual way down.
     */
    private void argoRolloutLimits(TargetSpec target, List<Objective> objectives) {
        if (target != null && !target.canaryLabels().isEmpty()) {
            r.error(
                    "target.canaryLabels",
                    target.canaryLabels().toString(),
                    "has no effect with traffic.router argo-rollout",
                    "remove it: Argo Rollouts labels the canary pods itself (rollouts-pod-template-hash)");
        }
        if (objectives == null) {
            return;
        }
        for (int i = 0; i < objectives.size(); i++) {
            if (objectives.get(i) != null && objectives.get(i).onBreach() == BreachAction.GRADUAL_ROLLBACK) {
                r.error(
                        "objectives[" + i + "].onBreach",
                        BreachAction.GRADUAL_ROLLBACK.id(),
                        "cannot be done with traffic.router argo-rollout",
                        "write onBreach: rollback (an Argo abort sends all traffic to stable at once) or pause");
            }
        }
    }

    /**
     * {@code query} with each {@code ${namespace}}, {@code ${deployment}} and {@code ${rollout}} replaced by the
     * target's (after overrides, so a runbook shared by several services judges the one it deploys); {@code $${}
     * writes a literal {@code ${}. An unknown name is an error naming the field; null stays null.
     */
    private String expand(Obj o, String field, String query) {
        if (query == null || !query.contains("${")) {
            return query;
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < query.length()) {
            int at = query.indexOf("${", i);
            if (at < 0) {
                out.append(query, i, query.length());
                break;
            }
            if (at > 0 && query.charAt(at - 1) == '$') {
                out.append(query, i, at - 1).append("${");
                i = at + 2;
                continue;
            }
            out.append(query, i, at);
            int end = query.indexOf('}', at);
            String name = end < 0 ? query.substring(at + 2) : query.substring(at + 2, end);
            if (end < 0 || !QUERY_VARIABLES.contains(name)) {
                r.error(
                        o.at(field),
                        end < 0 ? query.substring(at) : "${" + name + "}",
                        end < 0 ? "opens a variable it does not close" : "is not a variable of canary.yaml",
                        "write one of ${namespace}, ${deployment}, ${rollout} (the target's), or $${ for a literal"
                                + " ${");
                return null;
            }
            out.append(variables.getOrDefault(name, ""));
            i = end + 1;
        }
        return out.toString();
    }

    /** {@code compare}: the canary's query against a baseline's, with a tolerance ({@code threshold}) and a side. */
    private Optional<Objective.Baseline> baseline(Obj o, Comparison op, Double threshold) {
        Obj c = o.object("compare", null);
        if (c == null) {
            return Optional.empty();
        }
        String query = expand(
                c,
                "baseline",
                c.string(
                        "baseline",
                        "write the PromQL for the series to compare with, e.g. baseline: the same query with"
                                + " track=\"stable\""));
        Duration lookback = c.duration("lookback", Duration.ofMinutes(1), Objective.Baseline.DEFAULT_LOOKBACK);
        Duration step = c.duration("step", Duration.ofSeconds(1), Objective.Baseline.DEFAULT_STEP);
        Double confidence = c.written("confidence")
                ? c.number("confidence", null, "0.95")
                : Double.valueOf(Objective.Baseline.DEFAULT_CONFIDENCE);
        if (confidence != null && !(confidence >= 0.5 && confidence < 1)) {
            r.error(
                    c.at("confidence"),
                    c.node.get("confidence").asText(),
                    "is not a confidence",
                    "write a number from 0.5 to below 1, e.g. 0.95 (the interval that must lie beyond the tolerance)");
        }
        if (lookback != null && step != null && lookback.dividedBy(step) + 1 > Objective.Baseline.MAX_SAMPLES) {
            r.error(
                    c.at("lookback"),
                    Durations.format(lookback),
                    "holds " + (lookback.dividedBy(step) + 1) + " samples at step " + Durations.format(step)
                            + ", more than the " + Objective.Baseline.MAX_SAMPLES + " a comparison reads",
                    "make step at least "
                            + Durations.format(
                                    Duration.ofSeconds((lookback.toSeconds() + Objective.Baseline.MAX_SAMPLES - 2)
                                            / (Objective.Baseline.MAX_SAMPLES - 1)))
                            + ", or lookback shorter");
        } else if (lookback != null && step != null && lookback.dividedBy(step) + 1 < Objective.Baseline.MIN_SAMPLES) {
            r.error(
                    c.at("lookback"),
                    Durations.format(lookback),
                    "holds " + (lookback.dividedBy(step) + 1) + " samples at step " + Durations.format(step)
                            + ", fewer than the " + Objective.Baseline.MIN_SAMPLES + " a comparison needs",
                    "make lookback at least " + Durations.format(step.multipliedBy(Objective.Baseline.MIN_SAMPLES - 1))
                            + ", or step shorter");
        }
        if (op == Comparison.LT || op == Comparison.GT) {
            r.error(
                    o.at("op"),
                    op.symbol(),
                    "is not a side of a comparison with the baseline",
                    "write op: \"<=\" (the canary may not be higher than the baseline by more than the threshold)"
                            + " or op: \">=\" (not lower)");
        }
        if (threshold != null && threshold < 0) {
            r.error(
                    o.at("threshold"),
                    Measurement.format(threshold),
                    "is negative",
                    "write the tolerated difference as a fraction of the baseline, e.g. threshold: 0.1 for 10%");
        }
        if (query == null || lookback == null || step == null || confidence == null) {
            return Optional.empty();
        }
        return Optional.of(new Objective.Baseline(query, lookback, step, confidence));
    }

    private <E> E choice(Obj o, String key, E fallback, E[] values, Function<E, String> id) {
        if (!o.written(key)) {
            return fallback;
        }
        String text = o.string(key, null);
        if (text == null) {
            return null;
        }
        for (E v : values) {
            if (id.apply(v).equals(text)) {
                return v;
            }
        }
        List<String> ids = Arrays.stream(values).map(id).toList();
        r.error(o.at(key), text, "is not allowed", hint(text, ids) + "write one of " + String.join(", ", ids));
        return null;
    }

    // ---------------------------------------------------------------- steps

    private List<StepSpec> steps(Obj top, RouterSpec traffic, List<Objective> objectives) {
        List<JsonNode> list = top.list("steps", "steps: [{weight: 10, analysis: {duration: 30m}}, {pause: {}}]");
        if (list == null) {
            return null;
        }
        Set<String> objectiveNames = new LinkedHashSet<>();
        boolean objectivesKnown = objectives != null;
        if (objectivesKnown) {
            objectives.forEach(o -> objectiveNames.add(o.name()));
        } else {
            // Objectives had errors of their own; still check threshold keys against the names that were written.
            JsonNode raw = top.node.get("objectives");
            if (raw != null && raw.isArray()) {
                raw.forEach(o -> {
                    if (o.isObject() && o.path("name").isTextual()) {
                        objectiveNames.add(o.path("name").asText());
                    }
                });
            }
        }
        int before = r.errorCount();
        List<StepSpec> out = new ArrayList<>();
        Integer lastWeight = null;
        String lastWeightPath = null;
        for (int i = 0; i < list.size(); i++) {
            Obj s = top.element("steps", i, list.get(i), "- weight: 10, or - pause: {}");
            if (s == null) {
                continue;
            }
            boolean isWeight = s.has("weight");
            boolean isPause = s.has("pause");
            if (isWeight && isPause) {
                r.error(
                        s.path,
                        null,
                        "has both weight and pause",
                        "write them as two steps: - weight: 10 then - pause: {}");
                continue;
            }
            if (!isWeight && !isPause) {
                r.error(
                        s.path,
                        null,
                        "is neither a weight step nor a pause",
                        "write - weight: 10 (optionally with analysis), - pause: {} (approval) or - pause: {duration:"
                                + " 10m}");
                continue;
            }
            if (isPause) {
                for (String k : List.of("analysis", "thresholds")) {
                    if (s.has(k)) {
                        r.error(
                                s.at(k),
                                null,
                                "belongs to a weight step, not a pause",
                                "move it to the weight step it judges");
                    }
                }
                StepSpec.Pause pause = pause(s);
                if (pause != null) {
                    out.add(pause);
                }
                continue;
            }
            Integer weight = s.integer("weight", 0, 100, null, "25");
            if (weight != null) {
                if (lastWeight != null && weight <= lastWeight) {
                    r.error(
                            s.at("weight"),
                            String.valueOf(weight),
                            "is not above the previous weight (" + lastWeightPath + " is " + lastWeight + ")",
                            "weights must increase from step to step, e.g. 10, 25, 50, 75");
                } else if (weight == 100 && traffic != null && !traffic.supportsFullWeight()) {
                    r.error(
                            s.at("weight"),
                            "100",
                            "cannot be reached with traffic.router " + traffic.kind()
                                    + " without changing the stable Deployment",
                            "the last step is promotion; drop weight 100 or use router nginx");
                }
                lastWeight = weight;
                lastWeightPath = s.at("weight");
            } else if (!s.written("weight")) {
                r.error(s.at("weight"), null, "", "write the canary's share of traffic, e.g. weight: 10");
            }
            Optional<StepSpec.Analysis> analysis = analysis(s, objectives);
            Map<String, Double> thresholds = thresholds(s, objectiveNames, objectivesKnown);
            if (weight != null && analysis != null && thresholds != null) {
                out.add(new StepSpec.Weight(weight, analysis, thresholds));
            }
        }
        return r.errorCount() == before ? out : null;
    }

    private StepSpec.Pause pause(Obj s) {
        JsonNode raw = s.node.get("pause");
        if (raw == null || raw.isNull()) {
            return new StepSpec.Pause(Optional.empty());
        }
        if (!raw.isObject()) {
            r.error(
                    s.at("pause"),
                    SpecReader.shown(raw),
                    "is not a mapping",
                    "write pause: {} to wait for approval, or pause: {duration: " + SpecReader.shown(raw)
                            + "} to wait that long");
            return null;
        }
        Obj p = s.object("pause", null);
        if (!p.written("duration")) {
            return new StepSpec.Pause(Optional.empty());
        }
        Duration d = p.duration("duration", Duration.ofSeconds(1), null);
        return d == null ? null : new StepSpec.Pause(Optional.of(d));
    }

    private Optional<StepSpec.Analysis> analysis(Obj s, List<Objective> objectives) {
        if (!s.written("analysis")) {
            return Optional.empty();
        }
        Obj a = s.object("analysis", null);
        if (a == null) {
            return null;
        }
        int before = r.errorCount();
        if (objectives != null && objectives.isEmpty()) {
            r.error(
                    a.path,
                    null,
                    "has no objective to judge",
                    "declare objectives (and metrics) or drop the analysis; a gate never passes without evidence");
        }
        Duration duration = a.duration("duration", "say how long to judge, e.g. duration: 30m");
        if (duration != null && duration.compareTo(MIN_INTERVAL) < 0) {
            r.error(a.at("duration"), a.node.get("duration").asText(), "is too short", "write at least 1s, e.g. 30m");
            duration = null;
        }
        Duration interval;
        if (!a.written("interval")) {
            interval = duration == null ? null : min(DEFAULT_INTERVAL, duration);
        } else {
            interval = a.duration("interval", null);
            if (interval != null && interval.compareTo(MIN_INTERVAL) < 0) {
                r.error(
                        a.at("interval"),
                        a.node.get("interval").asText(),
                        "is shorter than 1s",
                        "write at least 1s, e.g. 30s");
            } else if (interval != null && duration != null && interval.compareTo(duration) > 0) {
                r.error(
                        a.at("interval"),
                        a.node.get("interval").asText(),
                        "is longer than the analysis duration (" + Durations.format(duration) + ")",
                        "write an interval of at most the duration, e.g. interval: 30s");
            }
        }
        if (r.errorCount() != before) {
            return null;
        }
        return Optional.of(new StepSpec.Analysis(duration, interval));
    }

    private Map<String, Double> thresholds(Obj s, Set<String> objectiveNames, boolean objectivesKnown) {
        ObjectNode t = s.map("thresholds", Type.NUMBER_MAP);
        if (t == null) {
            return s.written("thresholds") ? null : Map.of();
        }
        int before = r.errorCount();
        Map<String, Double> out = new LinkedHashMap<>();
        List<String> declared = List.copyOf(objectiveNames);
        for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String path = s.at("thresholds") + "." + e.getKey();
            if (!objectiveNames.contains(e.getKey()) && (objectivesKnown || !objectiveNames.isEmpty())) {
                r.error(
                        path,
                        e.getKey(),
                        "is not a declared objective",
                        hint(e.getKey(), declared)
                                + (declared.isEmpty()
                                        ? "declare it under objectives first"
                                        : "name one of " + String.join(", ", declared)));
                continue;
            }
            JsonNode v = e.getValue();
            if (v == null || !v.isNumber() || !Double.isFinite(v.doubleValue())) {
                r.error(path, SpecReader.shown(v), "is not a number", "write e.g. 0.99");
                continue;
            }
            out.put(e.getKey(), v.doubleValue());
        }
        return r.errorCount() == before ? out : null;
    }

    // ---------------------------------------------------------------- rollback and notify

    private RollbackSpec rollback(Obj top) {
        Obj rb = top.object("rollback", null);
        if (rb == null) {
            return top.written("rollback") ? null : RollbackSpec.DEFAULT;
        }
        int before = r.errorCount();
        RollbackMode mode = choice(rb, "mode", RollbackSpec.DEFAULT.mode(), RollbackMode.values(), RollbackMode::id);
        Boolean automatic = rb.bool("automatic", RollbackSpec.DEFAULT.automatic());
        Integer step = RollbackSpec.DEFAULT.gradualStep();
        Duration pause = RollbackSpec.DEFAULT.gradualPause();
        Obj g = rb.object("gradual", null);
        if (g != null) {
            step = g.integer("step", 1, 100, RollbackSpec.DEFAULT.gradualStep(), "10");
            pause = g.duration("pause", Duration.ZERO, RollbackSpec.DEFAULT.gradualPause());
        }
        if (r.errorCount() != before) {
            return null;
        }
        return new RollbackSpec(mode, automatic, step, pause);
    }

    private List<NotifySpec> notifications(Obj top) {
        List<JsonNode> list = top.list("notify", "notify: [{slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}}}]");
        if (list == null) {
            return null;
        }
        int before = r.errorCount();
        List<NotifySpec> out = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Obj n = top.element("notify", i, list.get(i), "{slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}}}");
            if (n == null) {
                continue;
            }
            boolean slack = n.has("slack");
            boolean webhook = n.has("webhook");
            if (slack == webhook) {
                r.error(
                        n.path,
                        null,
                        slack ? "has both slack and webhook" : "names no target",
                        "write one target per entry: - slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}} or - webhook:"
                                + " {url: {env: HOOK_URL}}");
                continue;
            }
            if (slack) {
                Obj s = n.object("slack", "write slack: {webhookUrl: {env: SLACK_WEBHOOK_URL}}");
                if (s != null) {
                    SecretRef url = s.secret("webhookUrl", true, "SLACK_WEBHOOK_URL");
                    Set<NotifyEvent> on = events(s);
                    if (url != null && on != null) {
                        out.add(new NotifySpec.Slack(url, on));
                    }
                }
            } else {
                Obj w = n.object("webhook", "write webhook: {url: {env: HOOK_URL}}");
                if (w != null) {
                    SecretRef url = w.secret("url", true, "HOOK_URL");
                    SecretRef hmac = w.secret("hmacSecret", false, "HOOK_SECRET");
                    boolean hmacOk = hmac != null || !w.written("hmacSecret");
                    Set<NotifyEvent> on = events(w);
                    if (url != null && hmacOk && on != null) {
                        out.add(new NotifySpec.Webhook(url, Optional.ofNullable(hmac), on));
                    }
                }
            }
        }
        return r.errorCount() == before ? out : null;
    }

    private Set<NotifyEvent> events(Obj target) {
        if (!target.written("on")) {
            return EnumSet.allOf(NotifyEvent.class);
        }
        List<String> names = target.strings("on");
        if (names == null) {
            return null;
        }
        List<String> ids =
                Arrays.stream(NotifyEvent.values()).map(NotifyEvent::id).toList();
        if (names.isEmpty()) {
            r.error(target.at("on"), "[]", "lists no event", "leave on out to hear about every event");
            return null;
        }
        int before = r.errorCount();
        Set<NotifyEvent> out = EnumSet.noneOf(NotifyEvent.class);
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (n == null) {
                continue;
            }
            Optional<NotifyEvent> e = Arrays.stream(NotifyEvent.values())
                    .filter(v -> v.id().equals(n))
                    .findFirst();
            if (e.isEmpty()) {
                r.error(
                        target.at("on") + "[" + i + "]",
                        n,
                        "is not an event",
                        hint(n, ids) + "write any of " + String.join(", ", ids));
            } else {
                out.add(e.get());
            }
        }
        return r.errorCount() == before ? out : null;
    }

    // ---------------------------------------------------------------- helpers

    private static String hint(String word, List<String> candidates) {
        return SpecFields.closest(word, candidates)
                .filter(c -> !c.equals(word))
                .map(c -> "did you mean " + c + "? ")
                .orElse("");
    }

    /** A URL for messages: user info and query may carry credentials, so neither is shown. */
    static String redactUrl(String url) {
        String s = url.replaceFirst("//[^/?#]*@", "//<credentials, not shown>@");
        int q = s.indexOf('?');
        return q < 0 ? s : s.substring(0, q) + "?<query, not shown>";
    }

    private static boolean isDnsLabel(String s, int max) {
        return s.length() <= max && DNS_LABEL.matcher(s).matches();
    }

    private static boolean isDnsSubdomain(String s) {
        return s.length() <= 253 && DNS_SUBDOMAIN.matcher(s).matches();
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
